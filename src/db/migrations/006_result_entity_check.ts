// aggregate_result's rows must name an entity of result_entity. A foreign key checked that row by row:
// one index probe and one row lock per result, which held a statewide import (millions of rows against a
// few thousand entities) to half the speed of a bare COPY. The same rule is now kept a statement at a
// time: after each INSERT, COPY or UPDATE of aggregate_result, one anti-join of the statement's new rows
// against result_entity, with a key-share lock on the entities named so none can go while the statement's
// transaction is open; and an entity that results still name cannot be deleted or given another id.
// The violation carries the foreign-key error code (23503), as the constraint's did.
export const resultEntityCheck = `
alter table aggregate_result drop constraint aggregate_result_entity_id_fkey;

create function aggregate_result_entity_check() returns trigger language plpgsql as $$
declare
  missing uuid;
begin
  perform 1 from result_entity e where e.id in (select distinct entity_id from new_rows) for key share of e;
  select n.entity_id into missing from new_rows n where not exists (select 1 from result_entity e where e.id = n.entity_id) limit 1;
  if found then
    raise foreign_key_violation using
      message = 'insert or update on table "aggregate_result" violates its check of entity_id against result_entity',
      detail = format('Key (entity_id)=(%s) is not present in table "result_entity".', missing),
      table = 'aggregate_result', column = 'entity_id';
  end if;
  return null;
end $$;

create trigger aggregate_result_entity_insert after insert on aggregate_result
  referencing new table as new_rows for each statement execute function aggregate_result_entity_check();
create trigger aggregate_result_entity_update after update on aggregate_result
  referencing new table as new_rows for each statement execute function aggregate_result_entity_check();

create function result_entity_in_use_check() returns trigger language plpgsql as $$
declare
  used uuid;
begin
  if tg_op = 'DELETE' then
    select o.id into used from old_rows o where exists (select 1 from aggregate_result r where r.entity_id = o.id) limit 1;
  else
    select o.id into used from old_rows o
    where not exists (select 1 from new_rows n where n.id = o.id) and exists (select 1 from aggregate_result r where r.entity_id = o.id)
    limit 1;
  end if;
  if found then
    raise foreign_key_violation using
      message = format('%s on table "result_entity" would leave results without their entity', lower(tg_op)),
      detail = format('Key (id)=(%s) is still referenced from table "aggregate_result".', used),
      table = 'result_entity', column = 'id';
  end if;
  return null;
end $$;

create trigger result_entity_delete after delete on result_entity
  referencing old table as old_rows for each statement execute function result_entity_in_use_check();
create trigger result_entity_update after update on result_entity
  referencing old table as old_rows new table as new_rows for each statement execute function result_entity_in_use_check();
`;
