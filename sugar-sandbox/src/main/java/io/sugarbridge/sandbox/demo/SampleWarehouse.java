package io.sugarbridge.sandbox.demo;

import io.sugarbridge.common.error.SugarbridgeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A generated DuckDB warehouse for the demo, the tests and the benchmarks (the source side of the
 * sandbox's demo, as the seed data is its Sugar side): a table {@code accounts} (account_id, name,
 * industry, account_type, website, phone, billing_city, billing_country, updated_at) and a table
 * {@code contacts} (customer_id, first_name, last_name, email, phone, title, lead_source,
 * marketing_opt_out, company, account_id, updated_at), each contact linked to its account both by
 * {@code account_id} and by {@code company} = the account's unique {@code name}. Enum-like columns
 * hold only values Sugar's dropdowns accept ({@code industry_dom}, {@code account_type_dom}, {@code
 * lead_source_dom}). The same seed always gives the same rows.
 *
 * <p>{@link #create} draws every row from Datafaker ({@link SampleRows}), for realistic demo data
 * (thousands of rows per second). {@link #createLarge} generates contacts in DuckDB's own SQL over
 * {@code range()} from small Datafaker word pools ({@link LargeSample}), for the 100 000 and 1 000
 * 000 row benchmarks. {@link #changeContacts} edits a fraction of contacts, for re-sync benchmarks.
 * This class writes the file: both {@code create} methods replace the two tables and leave any
 * other table in the file alone.
 */
public final class SampleWarehouse {

  /** Values of Sugar's {@code lead_source_dom} used for contacts (the empty option left out). */
  public static final List<String> LEAD_SOURCES =
      List.of(
          "Web Site",
          "Cold Call",
          "Email",
          "Partner",
          "Existing Customer",
          "Self Generated",
          "Employee",
          "Public Relations",
          "Direct Mail",
          "Conference",
          "Trade Show",
          "Word of mouth",
          "Campaign",
          "Other");

  /** Values of Sugar's {@code industry_dom} used for accounts (the empty option left out). */
  public static final List<String> INDUSTRIES =
      List.of(
          "Technology",
          "Banking",
          "Retail",
          "Apparel",
          "Biotechnology",
          "Chemicals",
          "Communications",
          "Construction",
          "Consulting",
          "Education",
          "Electronics",
          "Energy",
          "Engineering",
          "Entertainment",
          "Environmental",
          "Finance",
          "Government",
          "Healthcare",
          "Hospitality",
          "Insurance",
          "Machinery",
          "Manufacturing",
          "Media",
          "Not For Profit",
          "Recreation",
          "Shipping",
          "Telecommunications",
          "Transportation",
          "Utilities",
          "Other");

  /** Values of Sugar's {@code account_type_dom} used for accounts. */
  public static final List<String> ACCOUNT_TYPES =
      List.of("Customer", "Prospect", "Partner", "Reseller", "Integrator", "Investor", "Analyst");

  /** How many rows of each table the file now holds. */
  public record Contents(long accounts, long contacts) {}

  private SampleWarehouse() {}

  /**
   * Writes {@code accounts} accounts with {@code contactsPerAccount} contacts each, every value
   * drawn from Datafaker seeded with {@code seed}; meant for up to some tens of thousands of rows.
   */
  public static Contents create(Path duckdbFile, int accounts, int contactsPerAccount, long seed) {
    if (accounts < 1 || contactsPerAccount < 0) {
      throw new IllegalArgumentException(
          "need at least 1 account and 0 or more contacts per account, got "
              + accounts
              + " and "
              + contactsPerAccount);
    }
    SampleRows rows = new SampleRows(seed);
    try (Connection connection = open(duckdbFile)) {
      createTables(connection);
      DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
      long contactNumber = 0;
      try (DuckDBAppender accountRows =
              duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "accounts");
          DuckDBAppender contactRows =
              duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "contacts")) {
        for (int a = 1; a <= accounts; a++) {
          SampleRows.Account account = rows.account(a);
          accountRows
              .beginRow()
              .append(account.accountId())
              .append(account.name())
              .append(account.industry())
              .append(account.accountType())
              .append(account.website())
              .append(account.phone())
              .append(account.billingCity())
              .append(account.billingCountry())
              .append(account.updatedAt())
              .endRow();
          for (int c = 0; c < contactsPerAccount; c++) {
            SampleRows.Contact contact = rows.contact(account, ++contactNumber);
            contactRows
                .beginRow()
                .append(contact.customerId())
                .append(contact.firstName())
                .append(contact.lastName())
                .append(contact.email())
                .append(contact.phone())
                .append(contact.title())
                .append(contact.leadSource())
                .append(contact.marketingOptOut())
                .append(contact.company())
                .append(contact.accountId())
                .append(contact.updatedAt())
                .endRow();
          }
        }
      }
      return new Contents(accounts, contactNumber);
    } catch (SQLException e) {
      throw failed(duckdbFile, e);
    }
  }

  /**
   * Writes {@code contacts} contacts spread over {@code accounts} accounts, generated in DuckDB's
   * SQL from word pools drawn with Datafaker: a million rows take seconds, not minutes. Values
   * repeat more than in {@link #create} but keys, emails and account names stay unique.
   */
  public static Contents createLarge(Path duckdbFile, int accounts, long contacts, long seed) {
    if (accounts < 1 || contacts < 0) {
      throw new IllegalArgumentException(
          "need at least 1 account and 0 or more contacts, got " + accounts + " and " + contacts);
    }
    try (Connection connection = open(duckdbFile);
        Statement s = connection.createStatement()) {
      createTables(connection);
      LargeSample.insert(connection.unwrap(DuckDBConnection.class), s, accounts, contacts, seed);
      return new Contents(accounts, contacts);
    } catch (SQLException e) {
      throw failed(duckdbFile, e);
    }
  }

  /**
   * Changes the phone and {@code updated_at} of {@code round(fraction * contacts)} contacts chosen
   * by {@code seed}, always to a value different from the current one, and returns how many rows
   * changed. Calling it again with the same seed picks the same rows.
   */
  public static long changeContacts(Path duckdbFile, double fraction, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be between 0 and 1, got " + fraction);
    }
    try (Connection connection = open(duckdbFile)) {
      long total;
      try (Statement s = connection.createStatement();
          ResultSet count = s.executeQuery("select count(*) from contacts")) {
        count.next();
        total = count.getLong(1);
      }
      long change = Math.round(fraction * total);
      String phone =
          String.format(
              Locale.ROOT, "printf('+1-555-%%07d', hash(customer_id, %d, 99) %% 10000000)", seed);
      try (PreparedStatement update =
          connection.prepareStatement(
              "update contacts set phone = case when "
                  + phone
                  + " = phone then "
                  + phone
                  + " || '0' else "
                  + phone
                  + " end, updated_at = updated_at + interval 1 day"
                  + " where customer_id in (select customer_id from contacts"
                  + " order by hash(customer_id, ?), customer_id limit ?)")) {
        update.setLong(1, seed);
        update.setLong(2, change);
        return update.executeUpdate();
      }
    } catch (SQLException e) {
      throw failed(duckdbFile, e);
    }
  }

  private static Connection open(Path duckdbFile) throws SQLException {
    Path file = duckdbFile.toAbsolutePath().normalize();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
    } catch (java.io.IOException e) {
      throw new SugarbridgeException(
          "source.url: cannot create the folder for the sample warehouse "
              + file
              + ": "
              + e.getMessage(),
          e);
    }
    return DriverManager.getConnection("jdbc:duckdb:" + file);
  }

  private static void createTables(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "create or replace table accounts (account_id varchar primary key, name varchar not null"
              + " unique, industry varchar, account_type varchar, website varchar, phone varchar,"
              + " billing_city varchar, billing_country varchar, updated_at timestamp)");
      s.execute(
          "create or replace table contacts (customer_id varchar primary key, first_name varchar,"
              + " last_name varchar not null, email varchar, phone varchar, title varchar,"
              + " lead_source varchar, marketing_opt_out boolean, company varchar, account_id"
              + " varchar, updated_at timestamp)");
    }
  }

  private static SugarbridgeException failed(Path file, SQLException e) {
    return new SugarbridgeException(
        "source.url: cannot write the sample warehouse "
            + file.toAbsolutePath()
            + ": "
            + e.getMessage()
            + ". Close other programs that have the file open, or choose another file.",
        e);
  }
}
