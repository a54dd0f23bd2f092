//! Render tests for foreign data wrappers, servers with user mappings,
//! foreign tables, subscriptions, languages and access methods.

use super::document;
use crate::model::*;

#[test]
fn foreign_objects_languages_and_access_methods() {
    let mut s = Schema::default();
    sample_objects(&mut s, Some("app".into()));
    sample_foreign_table(&mut s);
    insta::assert_snapshot!(document(&s).to_string(), @r"
    foreign data wrapper app_fdw
      handler app_handler
      option debug 'on'
      owner app
      grant reader USAGE
      comment 'wraps'

    server dw
      foreign data wrapper postgres_fdw
      type 'pg'
      option host 'dw.internal'
      option sslpassword <redacted>
      user mapping for PUBLIC
      user mapping for reader
      option password on user mapping for reader <redacted>
      option user on user mapping for reader 'r'
      owner app
      grant reader USAGE
      comment 'warehouse'

    subscription sub
      connection 'host=up password=<redacted>'
      publication p1
      publication p2
      enabled false
      slot_name none
      with binary on
      owner app
      comment 'from upstream'

    language pl
      trusted
      handler plpgsql_call_handler()
      inline plpgsql_inline_handler(internal)
      owner app
      revoke PUBLIC USAGE
      comment 'another plpgsql'

    access method hash2
      type index
      handler hashhandler
      comment 'another hash'

    foreign table public.remote
      column id integer
      column n integer
      server dw
      option table_name 'users'
      option column_name on column id 'user_id'
      comment 'remote'
    ");
}
