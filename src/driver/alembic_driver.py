# pg-roundtrip's helper for Alembic projects, shipped inside the binary and
# run with the project's own interpreter. It never parses revision files by
# hand: it asks alembic (ScriptDirectory) for the graph and inspect/ast for
# where `def upgrade` and `def downgrade` are.
#
#   python -c HELPER list  PROJECT           -> one JSON document on stdout
#   python -c HELPER serve PROJECT OPTIONS   -> JSON lines over stdin/stdout
#
# `serve` imports alembic and loads the script directory once, answers
# {"ready": ...}, then takes one command per line:
#   {"op": "upgrade",   "rev": R, "url": U}
#   {"op": "downgrade", "rev": R, "url": U}
# and answers {"ok": true} or {"ok": false, "error": {...}}. An upgrade is
# alembic's own `upgrade R`; a downgrade undoes exactly revision R (what
# `alembic downgrade <down_revision>` does in a linear history, and at a
# branch point without undoing the sibling branch). Both run the project's
# real env.py. Exit codes: 3 alembic missing, 4 the project cannot be loaded.

import ast
import inspect
import json
import os
import sys
import traceback

MISSING_ALEMBIC = 3
BAD_PROJECT = 4


def emit(obj, stream=None):
    stream = stream or sys.stdout
    stream.write(json.dumps(obj) + "\n")
    stream.flush()


def fatal(code, kind, message, tb=None):
    emit({"fatal": {"kind": kind, "message": message, "traceback": tb}})
    sys.exit(code)


def import_alembic():
    try:
        import alembic  # noqa: F401
        from alembic.config import Config  # noqa: F401
        from alembic.script import ScriptDirectory  # noqa: F401
    except Exception as e:  # ImportError and anything an install breaks
        fatal(
            MISSING_ALEMBIC,
            "missing-alembic",
            "%s: %s (interpreter: %s)" % (type(e).__name__, e, sys.executable),
            traceback.format_exc(),
        )


def load_config(project):
    """The project's Config, as `alembic` run from the project would build it."""
    from alembic.config import Config

    project = os.path.abspath(project)
    ini = os.path.join(project, "alembic.ini")
    if os.path.isfile(ini):
        os.chdir(project)
        return Config(ini)
    # A script directory (env.py + versions/): its alembic.ini, if any, is in
    # the directory above; else a config that only names the directory.
    parent = os.path.dirname(project)
    ini = os.path.join(parent, "alembic.ini")
    os.chdir(parent)
    if os.path.isfile(ini):
        cfg = Config(ini)
        cfg.set_main_option("script_location", project)
        return cfg
    cfg = Config()
    cfg.set_main_option("script_location", project)
    return cfg


def load_script(cfg):
    from alembic.script import ScriptDirectory

    prepend = cfg.get_main_option("prepend_sys_path")
    if prepend:
        for p in reversed(prepend.replace(",", " ").replace(os.pathsep, " ").split()):
            sys.path.insert(0, os.path.abspath(p))
    elif os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        return ScriptDirectory.from_config(cfg)
    except Exception as e:
        fatal(BAD_PROJECT, "bad-project", "%s: %s" % (type(e).__name__, e), traceback.format_exc())


def body_kind(fn):
    """'pass' for a body of only pass/.../docstring, 'raises' for one that
    raises NotImplementedError at its top level, else 'code'; with the line."""
    try:
        lines, start = inspect.getsourcelines(fn)
        tree = ast.parse("".join(_dedent(lines)))
    except (OSError, TypeError, SyntaxError):
        return "code", None
    node = tree.body[0]
    body = [
        s
        for s in node.body
        if not (isinstance(s, ast.Expr) and isinstance(getattr(s, "value", None), ast.Constant))
        and not isinstance(s, ast.Pass)
    ]
    if not body:
        return "pass", start
    for s in node.body:
        if isinstance(s, ast.Raise) and s.exc is not None:
            exc = s.exc.func if isinstance(s.exc, ast.Call) else s.exc
            name = getattr(exc, "id", None) or getattr(exc, "attr", None)
            if name == "NotImplementedError":
                return "raises", start + s.lineno - 1
    return "code", start


def _dedent(lines):
    indent = len(lines[0]) - len(lines[0].lstrip())
    return [l[indent:] if l[:indent].strip() == "" else l for l in lines]


def def_line(fn):
    try:
        return inspect.getsourcelines(fn)[1]
    except (OSError, TypeError):
        return None


def in_worker_thread(fn):
    """Calls fn() in a worker thread of an AnyIO event loop when AnyIO is
    installed, as applications that run alembic from async code do (Prefect's
    env.py calls back into the loop with anyio.from_thread and refuses to
    run anywhere else); else directly. A plain env.py, sync or async
    (asyncio.run in the thread), runs the same either way."""
    try:
        import anyio
        import anyio.to_thread
    except ImportError:
        return fn()

    async def main():
        return await anyio.to_thread.run_sync(fn)

    return anyio.run(main)


def list_revisions(project, options):
    import_alembic()
    cfg = load_config(project)
    script = load_script(cfg)
    server = Server.__new__(Server)
    server.cfg, server.script = cfg, script
    server.configure(options)
    # env.py first, as alembic runs it for `history` with
    # revision_environment: it may set context.script.version_locations
    # (Prefect picks the directory of the database's dialect there).
    env_error = server.check_env()
    try:
        revs = list(reversed(list(script.walk_revisions())))
        heads = list(script.get_heads())
    except Exception as e:
        fatal(BAD_PROJECT, "bad-project", "%s: %s" % (type(e).__name__, e), traceback.format_exc())
    out = []
    for r in revs:
        module = r.module
        up = getattr(module, "upgrade", None)
        down = getattr(module, "downgrade", None)
        up_kind, _ = body_kind(up) if up else ("missing", None)
        down_kind, down_where = body_kind(down) if down else ("missing", None)
        out.append(
            {
                "id": r.revision,
                "down_revisions": list(r._all_down_revisions),
                "path": os.path.abspath(r.path),
                "doc": r.doc or "",
                "up_line": def_line(up) if up else None,
                "up_kind": up_kind,
                "down_line": def_line(down) if down else None,
                "down_kind": down_kind,
                "down_where": down_where,
                "branch_labels": sorted(r.branch_labels or []),
            }
        )
    emit(
        {
            "revisions": out,
            "heads": heads,
            "script_location": script.dir,
            "scheme": server.scheme,
            "env_error": env_error,
        }
    )


class Server:
    def __init__(self, project, options):
        import_alembic()
        self.cfg = load_config(project)
        self.script = load_script(self.cfg)
        self.configure(options)
        # As in list_revisions: let env.py set its version locations
        # before a downgrade looks a revision up.
        self.check_env()

    def configure(self, options):
        self.url_via = options.get("url_via", "env")
        self.url_env = options.get("url_env", "DATABASE_URL")
        scheme = options.get("scheme")
        if not scheme:
            scheme = self.default_scheme()
        self.scheme = scheme

    def default_scheme(self):
        """The driver the project can use: asyncpg for an async env.py,
        else psycopg (3), else psycopg2's plain postgresql://."""
        from importlib.util import find_spec

        env_py = os.path.join(self.script.dir, "env.py")
        try:
            with open(env_py, encoding="utf-8") as f:
                text = f.read()
        except OSError:
            text = ""
        if ("async_engine_from_config" in text or "create_async_engine" in text) and find_spec("asyncpg"):
            return "postgresql+asyncpg"
        if find_spec("psycopg"):
            return "postgresql+psycopg"
        return "postgresql"

    def url(self, url):
        rest = url.split("://", 1)[1]
        return "%s://%s" % (self.scheme, rest)

    def set_url(self, url):
        url = self.url(url)
        if self.url_via == "env":
            os.environ[self.url_env] = url
        elif self.url_via == "x":
            import argparse

            self.cfg.cmd_opts = argparse.Namespace(x=["url=" + url])
        elif self.url_via == "ini":
            self.cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))

    def check_env(self):
        """Runs env.py offline with no step, as `alembic upgrade --sql`
        would, so that an env.py that cannot even be imported (a missing
        package, a bad import of the project) is said before any walk."""
        from alembic.runtime.environment import EnvironmentContext

        self.set_url("postgresql://pg-roundtrip@localhost/pg_roundtrip_env_check")
        try:
            def run():
                with EnvironmentContext(
                    self.cfg, self.script, fn=lambda heads, context: [], as_sql=True, destination_rev="heads"
                ):
                    self.script.run_env()

            in_worker_thread(run)
        except BaseException as e:  # noqa: B902
            if isinstance(e, KeyboardInterrupt):
                raise
            return describe(e, os.path.join(self.script.dir, "env.py"))
        return None

    def run(self, op, rev, url):
        from alembic import command
        from alembic.runtime.environment import EnvironmentContext
        from alembic.runtime.migration import MigrationStep

        self.set_url(url)
        if op == "upgrade":
            in_worker_thread(lambda: command.upgrade(self.cfg, rev))
            return
        script = self.script
        revision = script.get_revision(rev)

        def one_step(heads, context):
            return [MigrationStep.downgrade_from_script(script.revision_map, revision)]

        def run():
            with EnvironmentContext(self.cfg, script, fn=one_step, destination_rev=rev):
                script.run_env()

        in_worker_thread(run)

    def serve(self):
        emit({"ready": {"scheme": self.scheme, "python": sys.executable}})
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            cmd = json.loads(line)
            try:
                self.run(cmd["op"], cmd["rev"], cmd["url"])
                emit({"ok": True})
            except BaseException as e:  # noqa: B902 - report everything, keep serving
                if isinstance(e, KeyboardInterrupt):
                    raise
                emit({"ok": False, "error": describe(e, cmd.get("file"))})


def describe(e, file):
    """The database's error (or the exception) and the line of the revision
    file the failing call was made from."""
    orig = getattr(e, "orig", None)
    message = str(orig if orig is not None else e).strip()
    # asyncpg through SQLAlchemy: "<class 'asyncpg.exceptions.X'>: message"
    if message.startswith("<class '") and ">: " in message:
        message = message.split(">: ", 1)[1]
    first, _, rest = message.partition("\n")
    detail = hint = None
    for src in (orig, getattr(orig, "__cause__", None)):
        if src is None:
            continue
        diag = getattr(src, "diag", None)
        detail = detail or getattr(src, "detail", None) or getattr(diag, "message_detail", None)
        hint = hint or getattr(src, "hint", None) or getattr(diag, "message_hint", None)
    for l in rest.splitlines():
        if l.startswith("DETAIL:") and not detail:
            detail = l[7:].strip()
        if l.startswith("HINT:") and not hint:
            hint = l[5:].strip()
    if orig is None:
        first = "%s: %s" % (type(e).__name__, first)
    line = None
    frames = traceback.extract_tb(e.__traceback__)
    if file:
        target = os.path.realpath(file)
        for fr in frames:
            if os.path.realpath(fr.filename) == target:
                line = fr.lineno
    if line is None:
        # No frame in the revision file (env.py failed, say): the deepest
        # frame outside alembic and SQLAlchemy.
        for fr in frames:
            if "site-packages" not in fr.filename and not fr.filename.startswith("<"):
                file, line = fr.filename, fr.lineno
    return {
        "message": first,
        "detail": detail,
        "hint": hint,
        "file": file,
        "line": line,
        "traceback": "".join(traceback.format_exception(type(e), e, e.__traceback__)),
    }


def main():
    mode, project = sys.argv[1], sys.argv[2]
    # Alembic logs through logging.config from alembic.ini onto stderr;
    # stdout carries only our JSON.
    real_stdout = sys.stdout
    sys.stdout = sys.stderr
    global emit
    plain = emit
    emit = lambda obj, stream=None: plain(obj, stream or real_stdout)  # noqa: E731
    options = json.loads(sys.argv[3]) if len(sys.argv) > 3 else {}
    # Before anything is imported: a project may read its database URL from
    # the environment once, when its settings module is imported (Prefect
    # does, and picks its migrations' dialect from it).
    if options.get("url_via", "env") == "env":
        early = options.get("url") or "postgresql://pg-roundtrip@localhost/pg_roundtrip_env_check"
        if options.get("scheme"):
            early = "%s://%s" % (options["scheme"], early.split("://", 1)[1])
        os.environ[options.get("url_env") or "DATABASE_URL"] = early
    if mode == "list":
        list_revisions(project, options)
    elif mode == "serve":
        Server(project, options).serve()
    else:
        sys.stderr.write("unknown mode %r\n" % mode)
        sys.exit(2)


main()
