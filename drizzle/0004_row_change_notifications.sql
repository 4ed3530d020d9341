-- Row changes announced to every process (NOTIFY atelier_changes), so in-memory caches of rendered
-- pages drop what a write made stale — whichever code path or process wrote it (src/db/changes.ts).
-- A message is "<kind>:<id>,<id>,…": s = statuses changed or deleted, a = accounts changed,
-- v = someone's view changed (their home feed, marks, follows, blocks or mutes); "*" = anything may
-- have changed for anyone (an account suspended or restored: its posts leave or return everywhere).
-- One statement-level trigger per table and event, reading the transition table, so a fan-out to a
-- thousand feeds is a few messages, not a thousand.
CREATE FUNCTION atelier_announce_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids text;
BEGIN
  -- TG_ARGV[0] is the kind, the rest the id columns to announce. NOTIFY payloads stay under 8000
  -- bytes: 300 ids of at most 20 characters each per message.
  FOR i IN 1 .. TG_NARGS - 1 LOOP
    FOR ids IN EXECUTE format(
      'SELECT string_agg(id::text, '','') FROM (
         SELECT id, (row_number() OVER ()) / 300 AS chunk FROM (SELECT DISTINCT %I AS id FROM changed_rows) d
       ) c GROUP BY chunk', TG_ARGV[i])
    LOOP
      PERFORM pg_notify('atelier_changes', TG_ARGV[0] || ':' || ids);
    END LOOP;
  END LOOP;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER statuses_announce_update AFTER UPDATE ON statuses REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('s', 'id');
--> statement-breakpoint
CREATE TRIGGER statuses_announce_delete AFTER DELETE ON statuses REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('s', 'id');
--> statement-breakpoint
CREATE TRIGGER accounts_announce_update AFTER UPDATE ON accounts REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('a', 'id');
--> statement-breakpoint
CREATE TRIGGER accounts_announce_delete AFTER DELETE ON accounts REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('a', 'id');
--> statement-breakpoint
CREATE FUNCTION atelier_announce_everything() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('atelier_changes', '*');
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER accounts_announce_suspension AFTER UPDATE OF suspended_at ON accounts FOR EACH ROW
  WHEN (OLD.suspended_at IS DISTINCT FROM NEW.suspended_at) EXECUTE FUNCTION atelier_announce_everything();
--> statement-breakpoint
CREATE TRIGGER home_feed_announce_insert AFTER INSERT ON home_feed REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id');
--> statement-breakpoint
CREATE TRIGGER home_feed_announce_delete AFTER DELETE ON home_feed REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id');
--> statement-breakpoint
CREATE TRIGGER favourites_announce_insert AFTER INSERT ON favourites REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id');
--> statement-breakpoint
CREATE TRIGGER favourites_announce_delete AFTER DELETE ON favourites REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id');
--> statement-breakpoint
CREATE TRIGGER bookmarks_announce_insert AFTER INSERT ON bookmarks REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id');
--> statement-breakpoint
CREATE TRIGGER bookmarks_announce_delete AFTER DELETE ON bookmarks REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id');
--> statement-breakpoint
CREATE TRIGGER pins_announce_insert AFTER INSERT ON pins REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id');
--> statement-breakpoint
CREATE TRIGGER pins_announce_delete AFTER DELETE ON pins REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id');
--> statement-breakpoint
CREATE TRIGGER follows_announce_insert AFTER INSERT ON follows REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
--> statement-breakpoint
CREATE TRIGGER follows_announce_update AFTER UPDATE ON follows REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
--> statement-breakpoint
CREATE TRIGGER follows_announce_delete AFTER DELETE ON follows REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
--> statement-breakpoint
CREATE TRIGGER blocks_announce_insert AFTER INSERT ON blocks REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
--> statement-breakpoint
CREATE TRIGGER blocks_announce_update AFTER UPDATE ON blocks REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
--> statement-breakpoint
CREATE TRIGGER blocks_announce_delete AFTER DELETE ON blocks REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
--> statement-breakpoint
CREATE TRIGGER mutes_announce_insert AFTER INSERT ON mutes REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
--> statement-breakpoint
CREATE TRIGGER mutes_announce_update AFTER UPDATE ON mutes REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
--> statement-breakpoint
CREATE TRIGGER mutes_announce_delete AFTER DELETE ON mutes REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION atelier_announce_changes('v', 'account_id', 'target_account_id');
