package io.sugarbridge.sandbox.app.seed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.EmailAddresses;
import io.sugarbridge.sandbox.app.record.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import net.datafaker.Faker;

/**
 * Generates realistic sample records for the sync modules with Datafaker from a fixed seed, so the
 * same call gives the same data: people with valid email addresses, companies with industries, enum
 * fields holding values of their dropdown lists, contacts and opportunities linked to accounts,
 * cases on accounts, notes and tasks on parents; creation dates spread over the last 90 days. Ids
 * are random, so seeding twice adds records instead of colliding.
 */
public final class SampleData {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long SEED = 20_240_401L;

  private static final int POOL = 400;

  private final AppContext ctx;
  private final Random random = new Random(SEED);
  // Datafaker costs tens of microseconds a value, so values are drawn from pools made once.
  private final Pools pools;

  public SampleData(AppContext ctx) {
    this.ctx = ctx;
    this.pools = new Pools(new Faker(Locale.US, new Random(SEED)));
  }

  /** Realistic values generated once per seeding, then combined at random. */
  private static final class Pools {
    final List<String> firstNames = new ArrayList<>();
    final List<String> lastNames = new ArrayList<>();
    final List<String> companies = new ArrayList<>();
    final List<String> streets = new ArrayList<>();
    final List<String> cities = new ArrayList<>();
    final List<String> states = new ArrayList<>();
    final List<String> zips = new ArrayList<>();
    final List<String> titles = new ArrayList<>();
    final List<String> departments = new ArrayList<>();
    final List<String> phrases = new ArrayList<>();
    final List<String> sentences = new ArrayList<>();
    final List<String> paragraphs = new ArrayList<>();
    final List<String> products = new ArrayList<>();

    Pools(Faker faker) {
      for (int i = 0; i < POOL; i++) {
        firstNames.add(faker.name().firstName());
        lastNames.add(faker.name().lastName());
        companies.add(faker.company().name());
        streets.add(faker.address().streetAddress());
        cities.add(faker.address().city());
        states.add(faker.address().stateAbbr());
        zips.add(faker.address().zipCode());
        titles.add(faker.job().title());
        departments.add(faker.commerce().department());
        phrases.add(faker.company().catchPhrase());
        sentences.add(faker.lorem().sentence(4));
        paragraphs.add(faker.lorem().paragraph());
        products.add(faker.commerce().productName());
      }
    }
  }

  private String any(List<String> pool) {
    return pool.get(random.nextInt(pool.size()));
  }

  private String phone() {
    return String.format(
        Locale.ROOT,
        "(%03d) %03d-%04d",
        200 + random.nextInt(700),
        200 + random.nextInt(700),
        random.nextInt(10_000));
  }

  /** Adds {@code perModule} records to each sync module, created by {@code userId}. */
  public void seed(int perModule, String userId) {
    if (perModule <= 0) {
      return;
    }
    ctx.store().writeLock().lock();
    try {
      ctx.store().inTransaction(() -> generate(perModule, userId));
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  private void generate(int n, String userId) {
    List<String> accounts = new ArrayList<>();
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ObjectNode a = base("Accounts", userId);
      String company = any(pools.companies);
      a.put("name", company);
      a.put("industry", option("industry_dom"));
      a.put("account_type", option("account_type_dom"));
      a.put("phone_office", phone());
      a.put("website", "https://www." + slug(company) + ".example.com");
      a.put("billing_address_street", any(pools.streets));
      a.put("billing_address_city", any(pools.cities));
      a.put("billing_address_state", any(pools.states));
      a.put("billing_address_postalcode", any(pools.zips));
      a.put("billing_address_country", "USA");
      a.put("employees", String.valueOf(10 + random.nextInt(5000)));
      a.put("annual_revenue", String.valueOf((1 + random.nextInt(500)) * 100_000));
      a.put("description", any(pools.phrases));
      emails(a, "info@" + slug(company) + ".example.com");
      put("Accounts", a);
      accounts.add(a.path("id").asText());
    }
    for (int i = 0; i < n; i++) {
      ObjectNode c = person("Contacts", userId, i);
      c.put("lead_source", option("lead_source_dom"));
      c.put(
          "birthdate",
          LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28))
              .toString());
      put("Contacts", c);
      contacts.add(c.path("id").asText());
      ctx.store().link("accounts_contacts", pick(accounts), c.path("id").asText(), null);
    }
    for (int i = 0; i < n; i++) {
      ObjectNode l = person("Leads", userId, i + n);
      l.put("lead_source", option("lead_source_dom"));
      l.put("status", option("lead_status_dom"));
      l.put("account_name", any(pools.companies));
      put("Leads", l);
    }
    for (int i = 0; i < n; i++) {
      ObjectNode o = base("Opportunities", userId);
      o.put("name", any(pools.products) + " deal");
      o.put("amount", String.valueOf((1 + random.nextInt(1000)) * 500) + ".00");
      o.put("currency_id", "-99");
      String stage = option("sales_stage_dom");
      o.put("sales_stage", stage);
      o.put("probability", 10 * (1 + random.nextInt(9)));
      o.put("opportunity_type", option("opportunity_type_dom"));
      o.put("lead_source", option("lead_source_dom"));
      o.put("date_closed", today().plusDays(random.nextInt(180) - 60).toString());
      o.put("next_step", any(pools.sentences));
      put("Opportunities", o);
      ctx.store().link("accounts_opportunities", pick(accounts), o.path("id").asText(), null);
      ObjectNode role = NODES.objectNode();
      role.put("contact_role", option("opportunity_relationship_type_dom"));
      ctx.store().link("opportunities_contacts", o.path("id").asText(), pick(contacts), role);
    }
    long firstCase = maxCaseNumber();
    for (int i = 0; i < n; i++) {
      ObjectNode c = base("Cases", userId);
      c.put("name", any(pools.sentences));
      c.put("case_number", i + 1 + firstCase);
      c.put("status", option("case_status_dom"));
      c.put("priority", option("case_priority_dom"));
      c.put("type", option("case_type_dom"));
      c.put("source", option("source_dom"));
      c.put("account_id", pick(accounts));
      c.put("description", any(pools.paragraphs));
      put("Cases", c);
    }
    for (int i = 0; i < n; i++) {
      ObjectNode note = base("Notes", userId);
      note.put("name", any(pools.sentences));
      note.put("description", any(pools.paragraphs));
      parent(note, accounts, contacts);
      put("Notes", note);
    }
    for (int i = 0; i < n; i++) {
      ObjectNode t = base("Tasks", userId);
      t.put("name", any(pools.sentences));
      t.put("status", option("task_status_dom"));
      t.put("priority", option("task_priority_dom"));
      Instant due = ctx.now().plus(Duration.ofHours(random.nextInt(24 * 60) - 24 * 20));
      t.put("date_due", Timestamps.format(due));
      t.put("date_due_flag", false);
      parent(t, accounts, contacts);
      put("Tasks", t);
    }
  }

  private long maxCaseNumber() {
    long max = 0;
    for (ObjectNode r : ctx.store().records("Cases")) {
      max = Math.max(max, r.path("case_number").asLong(0));
    }
    return max;
  }

  private ObjectNode person(String module, String userId, int index) {
    ObjectNode p = base(module, userId);
    String first = any(pools.firstNames);
    String last = any(pools.lastNames);
    p.put("salutation", option("salutation_dom"));
    p.put("first_name", first);
    p.put("last_name", last);
    p.put("title", any(pools.titles));
    p.put("department", any(pools.departments));
    p.put("phone_work", phone());
    p.put("phone_mobile", phone());
    p.put("primary_address_street", any(pools.streets));
    p.put("primary_address_city", any(pools.cities));
    p.put("primary_address_state", any(pools.states));
    p.put("primary_address_postalcode", any(pools.zips));
    p.put("primary_address_country", "USA");
    p.put("do_not_call", random.nextInt(10) == 0);
    emails(p, slug(first) + "." + slug(last) + index + "@example.com");
    return p;
  }

  private void parent(ObjectNode r, List<String> accounts, List<String> contacts) {
    if (random.nextBoolean()) {
      r.put("parent_type", "Accounts");
      r.put("parent_id", pick(accounts));
    } else {
      r.put("parent_type", "Contacts");
      r.put("parent_id", pick(contacts));
      r.put("contact_id", r.path("parent_id").asText());
    }
  }

  private ObjectNode base(String module, String userId) {
    ModuleDef m = ctx.module(module);
    ObjectNode r = NODES.objectNode();
    r.put("id", new UUID(random.nextLong(), random.nextLong()).toString());
    Instant created = ctx.now().minus(Duration.ofMinutes(random.nextInt(90 * 24 * 60)));
    Instant modified =
        created.plus(
            Duration.ofMinutes(
                random.nextInt(
                    (int) Math.max(1, Duration.between(created, ctx.now()).toMinutes()))));
    r.put("date_entered", Timestamps.format(created));
    r.put("date_modified", Timestamps.format(modified));
    r.put("created_by", userId);
    r.put("modified_user_id", userId);
    if (m.hasField("assigned_user_id")) {
      r.put("assigned_user_id", userId);
    }
    r.put("deleted", false);
    return r;
  }

  private void emails(ObjectNode r, String address) {
    ObjectNode args = NODES.objectNode();
    ArrayNode email = args.putArray("email");
    ObjectNode e = email.addObject();
    e.put("email_address", address);
    e.put("primary_address", true);
    e.put("opt_out", random.nextInt(20) == 0);
    EmailAddresses.apply(r, args);
  }

  private void put(String module, ObjectNode r) {
    ctx.store().put(module, r);
  }

  private String option(String list) {
    ObjectNode options = (ObjectNode) ctx.catalog().appListStrings().get(list);
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = options.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.isEmpty()) {
        keys.add(k);
      }
    }
    return keys.get(random.nextInt(keys.size()));
  }

  private String pick(List<String> ids) {
    return ids.get(random.nextInt(ids.size()));
  }

  private LocalDate today() {
    return LocalDate.ofInstant(ctx.now(), ZoneOffset.UTC);
  }

  private static String slug(String s) {
    String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    return out.isEmpty() ? "x" : out;
  }
}
