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
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;
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
      List<String> first = new ArrayList<>();
      List<String> last = new ArrayList<>();
      List<String> title = new ArrayList<>();
      List<String> company = new ArrayList<>();
      List<String> city = new ArrayList<>();
      for (int i = 0; i < POOL_SIZE; i++) {
        first.add(faker.name().firstName());
        last.add(faker.name().lastName());
        title.add(faker.job().title());
        company.add(faker.company().name());
        city.add(faker.address().city());
      }
      // Each generated row joins small word tables on hash(row, seed, salt) % size: hash joins
      // are DuckDB's fast path (a million rows in seconds), and the same seed picks the same words.
      pool(s, duck, "first", first);
      pool(s, duck, "last", last);
      pool(s, duck, "title", title);
      pool(s, duck, "company", company);
      pool(s, duck, "city", city);
      pool(s, duck, "lead_source", LEAD_SOURCES);
      pool(s, duck, "industry", INDUSTRIES);
      pool(s, duck, "account_type", ACCOUNT_TYPES);
      s.execute(
          "insert into accounts select printf('A%08d', n + 1), co.v || ' ' || (n + 1), ind.v,"
              + " typ.v, printf('https://www.account%d.example.com', n + 1),"
              + f(" printf('+1-%%03d-555-%%04d', 200 + hash(n, %d, 4) %% 800,", seed)
              + f(" hash(n, %d, 5) %% 10000), ci.v, 'United States',", seed)
              + f(" timestamp '2026-01-01' + to_minutes((hash(n, %d, 7) %% 432000)::bigint)", seed)
              + " from range("
              + accounts
              + ") r(n)"
              + join("company", "co", "n", seed, 1)
              + join("industry", "ind", "n", seed, 2)
              + join("account_type", "typ", "n", seed, 3)
              + join("city", "ci", "n", seed, 6)
              + " order by n");
      s.execute(
          "insert into contacts select printf('C%08d', n + 1), fi.v, la.v,"
              + " fi.k || '.' || la.k || '.' || (n + 1) || '@account' || (a + 1) || '.example.com',"
              + f(" printf('(%%03d) 555-%%04d', 200 + hash(n, %d, 13) %% 800,", seed)
              + f(" hash(n, %d, 14) %% 10000), ti.v, ls.v, hash(n, %d, 17) %% 10 = 0,", seed, seed)
              // The account's name and id follow from its number exactly as in the accounts
              // insert above (same salt), so contacts need no join with accounts.
              + " co.v || ' ' || (a + 1), printf('A%08d', a + 1),"
              + f(" timestamp '2026-01-01' + to_minutes((hash(n, %d, 18) %% 432000)::bigint)", seed)
              + " from (select n, n % "
              + accounts
              + " as a from range("
              + contacts
              + ") r(n)) r"
              + join("first", "fi", "n", seed, 11)
              + join("last", "la", "n", seed, 12)
              + join("title", "ti", "n", seed, 15)
              + join("lead_source", "ls", "n", seed, 16)
              + join("company", "co", "a", seed, 1)
              + " order by n");
      return new Contents(accounts, contacts);
    } catch (SQLException e) {
      throw failed(duckdbFile, e);
    }
  }

  private static void pool(Statement s, DuckDBConnection duck, String name, List<String> words)
      throws SQLException {
    s.execute("create or replace temp table pool_" + name + " (i bigint, v varchar, k varchar)");
    try (DuckDBAppender pool =
        duck.createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA, "pool_" + name)) {
      for (int i = 0; i < words.size(); i++) {
        pool.beginRow()
            .append((long) i)
            .append(words.get(i))
            .append(letters(words.get(i)))
            .endRow();
      }
    }
  }

  /** An equi-join (so a hash join) with a word pool; the pool's size is a literal for that. */
  private static String join(String pool, String alias, String row, long seed, int salt) {
    int size =
        switch (pool) {
          case "lead_source" -> LEAD_SOURCES.size();
          case "industry" -> INDUSTRIES.size();
          case "account_type" -> ACCOUNT_TYPES.size();
          default -> POOL_SIZE;
        };
    return f(
        " join pool_%s %s on %s.i = hash(%s, %d, %d) %% %d",
        pool, alias, alias, row, seed, salt, size);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
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
