package io.sugarbridge.sync.source;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A generated DuckDB warehouse for the demo, the tests and the benchmarks: a table {@code accounts}
 * (account_id, name, industry, account_type, website, phone, billing_city, billing_country,
 * updated_at) and a table {@code contacts} (customer_id, first_name, last_name, email, phone,
 * title, lead_source, marketing_opt_out, company, account_id, updated_at), each contact linked to
 * its account both by {@code account_id} and by {@code company} = the account's unique {@code
 * name}. Enum-like columns hold only values Sugar's dropdowns accept ({@code industry_dom}, {@code
 * account_type_dom}, {@code lead_source_dom}). The same seed always gives the same rows.
 *
 * <p>{@link #create} draws every row from Datafaker, for realistic demo data (thousands of rows per
 * second). {@link #createLarge} generates contacts in DuckDB's own SQL over {@code range()} from
 * small Datafaker word pools, for the 100 000 and 1 000 000 row benchmarks. {@link #changeContacts}
 * edits a fraction of contacts, for re-sync benchmarks. Both {@code create} methods replace the two
 * tables and leave any other table in the file alone.
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

  /** The first {@code updated_at}; later ones are offsets from it, so runs are reproducible. */
  private static final LocalDateTime EPOCH = LocalDateTime.of(2026, 1, 1, 0, 0);

  private static final int POOL_SIZE = 1000;

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
    Faker faker = new Faker(Locale.US, new Random(seed));
    Random random = new Random(seed ^ 0x5DEECE66DL);
    try (Connection connection = open(duckdbFile)) {
      createTables(connection);
      DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
      Set<String> names = new HashSet<>();
      Set<String> emails = new HashSet<>();
      long contactNumber = 0;
      try (DuckDBAppender accountRows =
              duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "accounts");
          DuckDBAppender contactRows =
              duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "contacts")) {
        for (int a = 1; a <= accounts; a++) {
          String accountId = accountId(a);
          String name = uniqueCompanyName(faker, names, a);
          String domain = slug(name) + ".example.com";
          accountRows
              .beginRow()
              .append(accountId)
              .append(name)
              .append(pick(INDUSTRIES, random))
              .append(pick(ACCOUNT_TYPES, random))
              .append("https://www." + domain)
              .append(faker.phoneNumber().phoneNumber())
              .append(faker.address().city())
              .append(faker.address().country())
              .append(EPOCH.plusMinutes(random.nextInt(300 * 24 * 60)))
              .endRow();
          for (int c = 0; c < contactsPerAccount; c++) {
            contactNumber++;
            String first = faker.name().firstName();
            String last = faker.name().lastName();
            String email = uniqueEmail(emails, first, last, domain, contactNumber);
            contactRows
                .beginRow()
                .append(customerId(contactNumber))
                .append(first)
                .append(last)
                .append(email)
                .append(faker.phoneNumber().cellPhone())
                .append(faker.job().title())
                .append(leadSource(random))
                .append(random.nextInt(10) == 0)
                .append(name)
                .append(accountId)
                .append(EPOCH.plusMinutes(random.nextInt(300 * 24 * 60)))
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
    Faker faker = new Faker(Locale.US, new Random(seed));
    try (Connection connection = open(duckdbFile);
        Statement s = connection.createStatement()) {
      createTables(connection);
      DuckDBConnection duck = connection.unwrap(DuckDBConnection.class);
      s.execute("create or replace temp table pool (kind varchar, i integer, v varchar)");
      try (DuckDBAppender pool =
          duck.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "pool")) {
        for (int i = 0; i < POOL_SIZE; i++) {
          pool.beginRow().append("first").append(i).append(faker.name().firstName()).endRow();
          pool.beginRow().append("last").append(i).append(faker.name().lastName()).endRow();
          pool.beginRow().append("title").append(i).append(faker.job().title()).endRow();
          pool.beginRow().append("company").append(i).append(faker.company().name()).endRow();
          pool.beginRow().append("city").append(i).append(faker.address().city()).endRow();
        }
        for (int i = 0; i < LEAD_SOURCES.size(); i++) {
          pool.beginRow().append("lead_source").append(i).append(LEAD_SOURCES.get(i)).endRow();
        }
        for (int i = 0; i < INDUSTRIES.size(); i++) {
          pool.beginRow().append("industry").append(i).append(INDUSTRIES.get(i)).endRow();
        }
        for (int i = 0; i < ACCOUNT_TYPES.size(); i++) {
          pool.beginRow().append("account_type").append(i).append(ACCOUNT_TYPES.get(i)).endRow();
        }
      }
      // hash() of (row, seed, salt) picks pool entries: deterministic for a seed, no Java per row.
      String pick = "(select v from pool where kind = '%s' and i = hash(n, %d, %d) %% %d)";
      s.execute(
          "insert into accounts select printf('A%08d', n + 1),"
              + String.format(Locale.ROOT, pick, "company", seed, 1, POOL_SIZE)
              + " || ' ' || (n + 1),"
              + String.format(Locale.ROOT, pick, "industry", seed, 2, INDUSTRIES.size())
              + ","
              + String.format(Locale.ROOT, pick, "account_type", seed, 3, ACCOUNT_TYPES.size())
              + ", printf('https://www.account%d.example.com', n + 1),"
              + String.format(
                  Locale.ROOT,
                  " printf('+1-%%03d-555-%%04d', 200 + hash(n, %d, 4) %% 800, hash(n, %d, 5) %% 10000),",
                  seed,
                  seed)
              + String.format(Locale.ROOT, pick, "city", seed, 6, POOL_SIZE)
              + ", 'United States',"
              + String.format(
                  Locale.ROOT,
                  " timestamp '2026-01-01' + to_minutes((hash(n, %d, 7) %% 432000)::bigint)",
                  seed)
              + " from range("
              + accounts
              + ") r(n) order by n");
      s.execute(
          "insert into contacts select c.customer_id, c.first_name, c.last_name,"
              + " lower(regexp_replace(c.first_name, '[^A-Za-z]', '', 'g')) || '.'"
              + " || lower(regexp_replace(c.last_name, '[^A-Za-z]', '', 'g')) || '.' || (c.n + 1)"
              + " || '@account' || (c.a + 1) || '.example.com', c.phone, c.title, c.lead_source,"
              + " c.marketing_opt_out, accounts.name, accounts.account_id, c.updated_at"
              + " from (select n, n % "
              + accounts
              + " as a, printf('C%08d', n + 1) as customer_id,"
              + String.format(Locale.ROOT, pick, "first", seed, 11, POOL_SIZE)
              + " as first_name,"
              + String.format(Locale.ROOT, pick, "last", seed, 12, POOL_SIZE)
              + " as last_name,"
              + String.format(
                  Locale.ROOT,
                  " printf('(%%03d) 555-%%04d', 200 + hash(n, %d, 13) %% 800, hash(n, %d, 14) %% 10000)",
                  seed,
                  seed)
              + " as phone,"
              + String.format(Locale.ROOT, pick, "title", seed, 15, POOL_SIZE)
              + " as title,"
              + String.format(Locale.ROOT, pick, "lead_source", seed, 16, LEAD_SOURCES.size())
              + " as lead_source,"
              + String.format(Locale.ROOT, " hash(n, %d, 17) %% 10 = 0", seed)
              + " as marketing_opt_out,"
              + String.format(
                  Locale.ROOT,
                  " timestamp '2026-01-01' + to_minutes((hash(n, %d, 18) %% 432000)::bigint)",
                  seed)
              + " as updated_at from range("
              + contacts
              + ") r(n)) c join accounts on accounts.account_id = printf('A%08d', c.a + 1)"
              + " order by c.n");
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
      throw new SourceException(
          "source.url",
          "cannot create the folder for the sample warehouse " + file + ": " + e.getMessage(),
          e,
          false);
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

  private static SourceException failed(Path file, SQLException e) {
    return new SourceException(
        "source.url",
        "cannot write the sample warehouse "
            + file.toAbsolutePath()
            + ": "
            + e.getMessage()
            + ". Close other programs that have the file open, or choose another file.",
        e,
        false);
  }

  private static String accountId(long n) {
    return String.format(Locale.ROOT, "A%08d", n);
  }

  private static String customerId(long n) {
    return String.format(Locale.ROOT, "C%08d", n);
  }

  private static String uniqueCompanyName(Faker faker, Set<String> taken, int accountNumber) {
    for (int attempt = 0; attempt < 5; attempt++) {
      String name = faker.company().name();
      if (taken.add(name)) {
        return name;
      }
    }
    // Lookups by account name must find exactly one account, so names never repeat.
    String name = faker.company().name() + " " + accountNumber;
    taken.add(name);
    return name;
  }

  private static String uniqueEmail(
      Set<String> taken, String first, String last, String domain, long contactNumber) {
    String local = letters(first) + "." + letters(last);
    String email = local + "@" + domain;
    if (!taken.add(email)) {
      email = local + "." + contactNumber + "@" + domain;
      taken.add(email);
    }
    return email;
  }

  private static String letters(String text) {
    String only = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    return only.isEmpty() ? "x" : only;
  }

  private static String slug(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "company" : slug;
  }

  private static String pick(List<String> values, Random random) {
    return values.get(random.nextInt(values.size()));
  }

  /** Web Site, Cold Call, Email and Partner dominate, as in a typical CRM. */
  private static String leadSource(Random random) {
    int roll = random.nextInt(100);
    if (roll < 30) {
      return "Web Site";
    }
    if (roll < 45) {
      return "Cold Call";
    }
    if (roll < 60) {
      return "Email";
    }
    if (roll < 70) {
      return "Partner";
    }
    return pick(LEAD_SOURCES, random);
  }
}
