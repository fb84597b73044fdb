package io.fapiao.service.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The process {@link DurableDatabaseTest} kills: commits one row at a time into the embedded default
 * database at {@code args[0]} and prints {@code ack <n>} after each commit has returned, as a service
 * answers 202 after its transaction commits. Runs until killed.
 */
public final class DurabilityProbe {
    private DurabilityProbe() {}

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(DurableDatabase.url(Path.of(args[0])))) {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table if not exists acknowledged (n bigint primary key, payload varchar(200))");
            }
            long first;
            try (Statement query = connection.createStatement();
                    ResultSet rs = query.executeQuery("select coalesce(max(n), 0) + 1 from acknowledged")) {
                rs.next();
                first = rs.getLong(1);
            }
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into acknowledged values (?, ?)")) {
                for (long n = first; ; n++) {
                    insert.setLong(1, n);
                    insert.setString(2, "bill " + n + " ".repeat(150));
                    insert.executeUpdate();
                    connection.commit();
                    System.out.println("ack " + n);
                    System.out.flush();
                }
            }
        }
    }
}
