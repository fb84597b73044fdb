-- Issuance (package io.fapiao.issuer.issuance): one row per bill this service issued or tried to.
-- NUMBERED: a number is taken (and maybe a document stored), the ledger has not confirmed yet;
-- ISSUED: on the ledger; FAILED: refused for good, failure_code says why (no live number).
create table issuance (
    bill_key        varchar(200) primary key,
    state           varchar(10)  not null,
    invoice_number  varchar(32)  unique,
    check_code      varchar(32),
    document_hash   char(64),
    transaction_id  varchar(128),
    block_number    bigint,
    -- HERE: issued by this service; LEDGER: found already issued on the ledger and recorded from it.
    origin          varchar(8),
    failure_code    varchar(64),
    failure_detail  varchar(500),
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null
);

-- Red-letter reversals, one per blue invoice.
create table reversal (
    invoice_number     varchar(32)  primary key,
    reason_code        varchar(64)  not null,
    state              varchar(10)  not null,
    red_invoice_number varchar(32)  unique,
    document_hash      char(64),
    transaction_id     varchar(128),
    block_number       bigint,
    failure_code       varchar(64),
    failure_detail     varchar(500),
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null
);
