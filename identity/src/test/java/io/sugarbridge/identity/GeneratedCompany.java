package io.sugarbridge.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.bulk.BulkRequest;
import io.sugarbridge.client.bulk.BulkResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.datafaker.Faker;

/**
 * A company generated with Datafaker (same people for the same seed): a CEO, a head per department,
 * then managers and staff in teams under them, each person's manager earlier in the list. {@link
 * #createIn} writes it into Sugar through {@code /bulk}.
 */
public final class GeneratedCompany {
  static final List<String> DEPARTMENTS =
      List.of(
          "Sales",
          "Engineering",
          "Marketing",
          "Support",
          "Finance",
          "People",
          "Operations",
          "Legal");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One generated person; {@code manager} is an index into the list, -1 for the CEO. */
  public record Person(
      String userName,
      String firstName,
      String lastName,
      String email,
      String title,
      String department,
      int manager) {}

  public final List<Person> people = new ArrayList<>();

  public GeneratedCompany(int size, long seed) {
    Faker faker = new Faker(new Random(seed));
    Set<String> names = new HashSet<>();
    people.add(person(faker, names, "Chief Executive Officer", "Executive", -1));
    List<Integer> heads = new ArrayList<>();
    for (String d : DEPARTMENTS) {
      if (people.size() >= size) {
        break;
      }
      heads.add(people.size());
      people.add(person(faker, names, "VP " + d, d, 0));
    }
    // Under each head: managers with teams of about seven, round-robin over departments.
    List<Integer> managers = new ArrayList<>();
    int h = 0;
    while (people.size() < size) {
      int head = heads.get(h++ % heads.size());
      String dept = people.get(head).department();
      int manager;
      if (managers.size() < size / 9 || people.size() % 8 == 0) {
        manager = people.size();
        managers.add(manager);
        people.add(person(faker, names, dept + " Manager", dept, head));
        continue;
      }
      int m = managers.get(people.size() % managers.size());
      Person boss = people.get(m);
      people.add(person(faker, names, faker.job().title(), boss.department(), m));
    }
  }

  private static Person person(Faker f, Set<String> names, String title, String dept, int manager) {
    String first = f.name().firstName();
    String last = f.name().lastName();
    String base = (first.charAt(0) + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String userName = base;
    int n = 2;
    while (!names.add(userName)) {
      userName = base + n++;
    }
    return new Person(userName, first, last, userName + "@example.com", title, dept, manager);
  }

  /**
   * Creates everyone (no password, licence SUGAR_SELL) and then sets each manager; returns the
   * Sugar ids in the list's order.
   */
  public List<String> createIn(SugarClient client) {
    List<String> ids = new ArrayList<>();
    List<BulkRequest> batch = new ArrayList<>();
    for (Person p : people) {
      ObjectNode b = JSON.createObjectNode();
      b.put("user_name", p.userName());
      b.put("first_name", p.firstName());
      b.put("last_name", p.lastName());
      b.put("title", p.title());
      b.put("department", p.department());
      b.put("status", "Active");
      b.putArray("license_type").add("SUGAR_SELL");
      ObjectNode e = b.putArray("email").addObject();
      e.put("email_address", p.email());
      e.put("primary_address", true);
      batch.add(BulkRequest.post("/Users", b));
      if (batch.size() == 200) {
        flush(client, batch, ids);
      }
    }
    flush(client, batch, ids);
    for (int i = 0; i < people.size(); i++) {
      int m = people.get(i).manager();
      if (m >= 0) {
        ObjectNode b = JSON.createObjectNode();
        b.put("reports_to_id", ids.get(m));
        batch.add(BulkRequest.put("/Users/" + ids.get(i), b));
      }
      if (batch.size() == 200) {
        flush(client, batch, new ArrayList<>());
      }
    }
    flush(client, batch, new ArrayList<>());
    return ids;
  }

  static void flush(SugarClient client, List<BulkRequest> batch, List<String> ids) {
    if (batch.isEmpty()) {
      return;
    }
    for (BulkResult r : client.bulk().execute(batch)) {
      if (!r.isSuccess()) {
        throw r.toException();
      }
      ids.add(r.contents().path("id").asText());
    }
    batch.clear();
  }
}
