package io.fapiao.bench.lifecycle;

import java.util.List;

/**
 * Disk used by the platform's data before and after the bench's runs, and the growth per bill issued
 * meanwhile: the ledger (blocks and the RocksDB state, not the crypto material) and each service's
 * database and files. Growth per bill is the honest figure on a platform that already held data; on
 * one the bench started, "after ÷ bills" also carries the genesis block and the governance setup.
 *
 * <pre>{@code
 * StorageFigures storage = new StorageFigures(entries, issuedBills);
 * double perBill = storage.growthPerBill();
 * }</pre>
 *
 * @param entries     one per process's data folder
 * @param issuedBills bills issued by all runs
 */
public record StorageFigures(List<Entry> entries, long issuedBills) {

    /** Bytes of one data folder before the first run and after the last. */
    public record Entry(String what, long bytesBefore, long bytesAfter) {
        public long growth() {
            return bytesAfter - bytesBefore;
        }
    }

    public long bytesBefore() {
        return entries.stream().mapToLong(Entry::bytesBefore).sum();
    }

    public long bytesAfter() {
        return entries.stream().mapToLong(Entry::bytesAfter).sum();
    }

    /** Bytes added per issued bill, all folders together; NaN before any bill was issued. */
    public double growthPerBill() {
        return issuedBills == 0 ? Double.NaN : (bytesAfter() - bytesBefore()) / (double) issuedBills;
    }

    public double growthPerBill(Entry entry) {
        return issuedBills == 0 ? Double.NaN : entry.growth() / (double) issuedBills;
    }
}
