-- How far each ledger event consumer of this service has got (JdbcEventCheckpoint).
-- Written in the same transaction as the consumer's own effects.
create table event_checkpoint (
    consumer       varchar(100) primary key,
    block_number   bigint       not null,
    transaction_id varchar(128) not null,
    updated_at     timestamp    not null
);
