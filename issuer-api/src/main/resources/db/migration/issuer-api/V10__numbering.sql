-- Numbering (package io.fapiao.issuer.numbering). SQL for H2 (MODE=PostgreSQL) and PostgreSQL 15.

-- Invoice number ranges this issuer reserved on the ledger (ReserveNumberRange), with the next free
-- sequence number. A range is used from the lowest start up; next_sequence > range_end: exhausted.
create table number_range (
    series         varchar(12)  not null,
    range_year     integer      not null,
    range_start    bigint       not null,
    range_end      bigint       not null,
    next_sequence  bigint       not null,
    issuer_id      varchar(64)  not null,
    -- AHEAD: topped up below the low-water mark; DEMAND: reserved on a caller's path because nothing
    -- was left; EVENT: learnt from a NumberRangeReserved event (a reservation whose reply was lost).
    reserved_by    varchar(8)   not null,
    transaction_id varchar(128),
    recorded_at    timestamp with time zone not null,
    primary key (series, range_year, range_start),
    check (range_start >= 1 and range_end >= range_start and next_sequence >= range_start
           and next_sequence <= range_end + 1)
);

-- Every number ever taken, and what for. TAKEN: promised to its subject, not yet on the ledger;
-- USED: on the ledger; VOID: its issuance failed for good (or the ledger has it for someone else),
-- never handed out again.
create table invoice_number (
    invoice_number varchar(32)  primary key,
    series         varchar(12)  not null,
    number_year    integer      not null,
    sequence_number bigint      not null,
    -- BLUE: an invoice for a bill (subject = bill key); RED: a reversal (subject = the blue number).
    purpose        varchar(8)   not null,
    subject        varchar(200) not null,
    check_code     varchar(32),
    state          varchar(8)   not null,
    void_reason    varchar(500),
    taken_at       timestamp with time zone not null,
    updated_at     timestamp with time zone not null
);
create index invoice_number_subject on invoice_number (purpose, subject);

-- The one live number of a subject: the primary key makes two concurrent takes for the same bill
-- collide, so a bill never gets a second number while its first is live. Voiding deletes the row.
create table number_assignment (
    purpose        varchar(8)   not null,
    subject        varchar(200) not null,
    invoice_number varchar(32)  not null unique references invoice_number (invoice_number),
    primary key (purpose, subject)
);

-- The HMAC key of the check codes, generated on first start unless configured.
create table numbering_secret (
    name   varchar(32) primary key,
    secret bytea       not null
);
