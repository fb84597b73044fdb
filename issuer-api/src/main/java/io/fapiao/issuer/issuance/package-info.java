/**
 * Issuance: verified bills become invoices ({@link io.fapiao.issuer.issuance.Issuance#issue}), invoices are
 * reversed by red-letter ones ({@link io.fapiao.issuer.issuance.Issuance#reverse}), from the ledger's
 * BillVerified events ({@link io.fapiao.issuer.issuance.IssuanceEvents}) or on demand, idempotently.
 *
 * <p>API for the REST layer: {@code Issuance.issue(BillKey)}, {@code Issuance.status(BillKey)},
 * {@code Issuance.reverse(number, reasonCode)}, {@code Invoices.find(number)} / {@code current(number)} /
 * {@code forBill(BillKey)}, {@code Documents.pdf(number)} / {@code signedJson(number)}; failures are
 * {@link io.fapiao.issuer.issuance.IssuanceException} with a stable code (docs/api.md, issuer-api).
 *
 * <pre>{@code
 * IssuanceStatus status = issuance.issue(BillKey.parse(request.billKey()));
 * }</pre>
 */
package io.fapiao.issuer.issuance;
