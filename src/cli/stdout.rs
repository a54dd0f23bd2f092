//! Standard output for the commands: a reader that closed the pipe
//! (`pg-roundtrip review | head -1`) ends the output quietly instead of
//! failing the command; every other write error is still an error.

use std::io::{self, Write};

/// Standard output that discards what is written after the reader went
/// away (a broken pipe), so that the command carries on and exits with
/// the code its work deserves.
pub struct Stdout {
    inner: io::Stdout,
    closed: bool,
}

impl Stdout {
    /// The process's standard output.
    pub fn new() -> Self {
        Stdout {
            inner: io::stdout(),
            closed: false,
        }
    }

    fn settle<T>(&mut self, result: io::Result<T>, instead: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(instead)
            }
            other => other,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.settle(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.settle(result, ())
    }
}

/// `writeln!` to a [`Stdout`], a failure turned into
/// [`CliError::Stdout`](super::CliError::Stdout).
macro_rules! say {
    ($out:expr, $($arg:tt)*) => {
        ::std::io::Write::write_fmt(&mut $out, format_args!("{}\n", format_args!($($arg)*)))
            .map_err($crate::cli::CliError::Stdout)?
    };
}
pub(crate) use say;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_is_the_end_of_the_output_not_an_error() {
        let mut out = Stdout::new();
        let broken: io::Result<usize> = Err(io::ErrorKind::BrokenPipe.into());
        assert_eq!(out.settle(broken, 3).ok(), Some(3));
        assert!(out.closed);
        assert_eq!(out.write(b"more").ok(), Some(4));
        assert!(out.flush().is_ok());
        let other: io::Result<usize> = Err(io::ErrorKind::StorageFull.into());
        assert!(out.settle(other, 0).is_err());
    }
}
