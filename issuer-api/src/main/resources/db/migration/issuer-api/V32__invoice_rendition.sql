-- Renditions of the invoice documents (package io.fapiao.issuer.rendering): the PDF, OFD... made from
-- the signed JSON (invoice_document) by the rendering workers (work queue 'rendering') after the ledger
-- recorded the issuance, off the issuance path. One row per invoice and format, written once
-- (insert ... on conflict do nothing) and served as stored; sha256 is the rendition's own hash (its
-- ETag), not the ledger's documentHash, which stays the hash of the signed JSON.
create table invoice_rendition (
    invoice_number varchar(32) not null,
    format         varchar(16) not null,
    content        bytea       not null,
    sha256         char(64)    not null,
    rendered_at    timestamp with time zone not null,
    primary key (invoice_number, format)
);

-- The PDFs rendered on the issuance path before this version move here, so they are served as before,
-- byte for byte; invoice_document keeps the signed JSON only (its pdf columns stay, empty, as history).
insert into invoice_rendition (invoice_number, format, content, sha256, rendered_at)
    select invoice_number, 'PDF', pdf, pdf_sha256, created_at from invoice_document where pdf is not null;
alter table invoice_document alter column pdf drop not null;
alter table invoice_document alter column pdf_sha256 drop not null;
update invoice_document set pdf = null, pdf_sha256 = null where pdf is not null;
