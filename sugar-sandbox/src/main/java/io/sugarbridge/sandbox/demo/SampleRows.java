package io.sugarbridge.sandbox.demo;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;

/**
 * The rows of {@link SampleWarehouse#create}, drawn one by one from Datafaker and a {@link Random},
 * both seeded, so the same seed and the same order of calls always give the same rows. Account
 * names and contact emails never repeat (lookups by name must find one account). Not thread-safe:
 * one generator per warehouse written.
 */
final class SampleRows {

  /** The first {@code updated_at}; later ones are offsets from it, so runs are reproducible. */
  private static final LocalDateTime EPOCH = LocalDateTime.of(2026, 1, 1, 0, 0);

  /** A row of table {@code accounts}, its columns in table order, and the domain of its emails. */
  record Account(
      String accountId,
      String name,
      String industry,
      String accountType,
      String website,
      String phone,
      String billingCity,
      String billingCountry,
      LocalDateTime updatedAt,
      String domain) {}

  /** A row of table {@code contacts}, its columns in table order. */
  record Contact(
      String customerId,
      String firstName,
      String lastName,
      String email,
      String phone,
      String title,
      String leadSource,
      boolean marketingOptOut,
      String company,
      String accountId,
      LocalDateTime updatedAt) {}

  private final Faker faker;
  private final Random random;
  private final Set<String> names = new HashSet<>();
  private final Set<String> emails = new HashSet<>();

  SampleRows(long seed) {
    this.faker = new Faker(Locale.US, new Random(seed));
    this.random = new Random(seed ^ 0x5DEECE66DL);
  }

  /** Account number {@code n} (from 1); call in order, before that account's contacts. */
  Account account(int n) {
    String name = uniqueCompanyName(n);
    String domain = slug(name) + ".example.com";
    return new Account(
        String.format(Locale.ROOT, "A%08d", n),
        name,
        pick(SampleWarehouse.INDUSTRIES),
        pick(SampleWarehouse.ACCOUNT_TYPES),
        "https://www." + domain,
        faker.phoneNumber().phoneNumber(),
        faker.address().city(),
        faker.address().country(),
        EPOCH.plusMinutes(random.nextInt(300 * 24 * 60)),
        domain);
  }

  /** Contact number {@code n} (from 1, counted over all accounts) of {@code account}. */
  Contact contact(Account account, long n) {
    String first = faker.name().firstName();
    String last = faker.name().lastName();
    String email = uniqueEmail(first, last, account.domain(), n);
    return new Contact(
        String.format(Locale.ROOT, "C%08d", n),
        first,
        last,
        email,
        faker.phoneNumber().cellPhone(),
        faker.job().title(),
        leadSource(),
        random.nextInt(10) == 0,
        account.name(),
        account.accountId(),
        EPOCH.plusMinutes(random.nextInt(300 * 24 * 60)));
  }

  private String uniqueCompanyName(int accountNumber) {
    for (int attempt = 0; attempt < 5; attempt++) {
      String name = faker.company().name();
      if (names.add(name)) {
        return name;
      }
    }
    // Lookups by account name must find exactly one account, so names never repeat.
    String name = faker.company().name() + " " + accountNumber;
    names.add(name);
    return name;
  }

  private String uniqueEmail(String first, String last, String domain, long contactNumber) {
    String local = letters(first) + "." + letters(last);
    String email = local + "@" + domain;
    if (!emails.add(email)) {
      email = local + "." + contactNumber + "@" + domain;
      emails.add(email);
    }
    return email;
  }

  /** The lower-case letters of {@code text}, or {@code x} when it has none. */
  static String letters(String text) {
    String only = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    return only.isEmpty() ? "x" : only;
  }

  private static String slug(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.replaceAll("^-+|-+$", "");
    return slug.isEmpty() ? "company" : slug;
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Web Site, Cold Call, Email and Partner dominate, as in a typical CRM. */
  private String leadSource() {
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
    return pick(SampleWarehouse.LEAD_SOURCES);
  }
}
