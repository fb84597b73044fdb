-- The adapter's two outboxes move onto the services' one durable work queue, work_item (created by the common
-- V30__work_item.sql; io.fapiao.service.work.WorkQueue and WorkerPool claim it). Pending work in a database
-- of an earlier version is carried over, so that it is still delivered after the upgrade:
--
-- * his_submission_outbox: one row per bill still to hand to the ledger becomes an item of queue 'submission',
--   due when it was due, with the bill's failed attempts (the backoff's count) and its lease (a process that
--   died holding it takes it back when it starts again under the same instance id, as before).
-- * his_callback_outbox: the notifications stay in it (body as sent, delivered_at), and each bill with one not
--   yet delivered gets an item of queue 'callback' that stands for its first undelivered notification, with
--   that notification's due time, attempts, last error and lease. The columns the old sender claimed rows
--   with go.
--
-- added_at is the row's due time: the outboxes did not record when a row was added, and nothing reads it.
-- Stop every instance of the adapter on this database before the upgrade (an old instance would still claim
-- from the tables this drops).
insert into work_item (queue, item_key, added_at, next_attempt_at, attempts, last_error, lease_owner, lease_until)
select 'submission', o.bill_key, o.next_attempt_at, o.next_attempt_at, b.attempts, b.last_error, o.lease_owner,
       o.lease_until
from his_submission_outbox o join his_bill b on b.bill_key = o.bill_key
order by o.next_attempt_at, o.bill_key;

insert into work_item (queue, item_key, added_at, next_attempt_at, attempts, last_error, lease_owner, lease_until)
select 'callback', o.bill_key, o.next_attempt_at, o.next_attempt_at, o.attempts, o.last_error, o.lease_owner,
       o.lease_until
from his_callback_outbox o
where o.delivered_at is null
  and not exists (select 1 from his_callback_outbox p
                  where p.bill_key = o.bill_key and p.delivered_at is null and p.id < o.id)
order by o.next_attempt_at, o.id;

drop table his_submission_outbox;

alter table his_callback_outbox drop column next_attempt_at;
alter table his_callback_outbox drop column attempts;
alter table his_callback_outbox drop column last_error;
alter table his_callback_outbox drop column lease_owner;
alter table his_callback_outbox drop column lease_until;
