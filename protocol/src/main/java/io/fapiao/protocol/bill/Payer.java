package io.fapiao.protocol.bill;

/**
 * The person a medical e-bill is made out to (交款人), usually the patient.
 *
 * <p>Rules (checked by {@link Bill#violations()}, paths under {@code payer}): {@code name} required,
 * at most 50 characters; {@code idType} required and one of {@link IdType}; {@code idNumber}
 * required and valid for its type: a {@link ResidentId} (whose birth date is not after the bill's
 * issue date), a passport number of 5–20 characters {@code A-Z 0-9}, or any other document number of
 * at most 32 characters.
 *
 * <pre>{@code
 * Payer payer = new Payer("张伟", IdType.RESIDENT_ID.name(), "11010519491231002X");
 * }</pre>
 *
 * @param name     the payer's name, for example {@code 张伟}
 * @param idType   an {@link IdType} name: {@code RESIDENT_ID}, {@code PASSPORT} or {@code OTHER}
 * @param idNumber the number of that document
 */
public record Payer(
        @StrictScalars.Text String name,
        @StrictScalars.Text String idType,
        @StrictScalars.Text String idNumber) {}
