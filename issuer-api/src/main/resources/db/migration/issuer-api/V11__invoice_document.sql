-- Invoice documents (package io.fapiao.issuer.document): the signed canonical JSON, whose SHA-256
-- is the ledger's documentHash, and its PDF rendering. Written once per number, before the ledger
-- call, and never changed, so every download returns the same bytes.
create table invoice_document (
    invoice_number varchar(32) primary key,
    document_hash  char(64)    not null unique,
    signed_json    bytea       not null,
    pdf            bytea       not null,
    pdf_sha256     char(64)    not null,
    created_at     timestamp with time zone not null
);
