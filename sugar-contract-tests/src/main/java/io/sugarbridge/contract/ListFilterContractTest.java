package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorMessage;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static io.sugarbridge.contract.support.SugarWire.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Json;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Scratch;
import io.sugarbridge.contract.support.SugarWire;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * §3.5 List and filter: paging ({@code max_num} default 20, {@code next_offset} = offset + limit or
 * -1), {@code order_by}, counts, every field operator, {@code $or}/{@code $and}, the filter error
 * messages, and the three ways to send a filter (§11): JSON body, {@code ?filter=} JSON string and
 * PHP bracket query parameters. Works on 25 Accounts of this run, isolated by their name prefix.
 */
@ContractTest
class ListFilterContractTest {
  static final int N = 25;
  static final String[] INDUSTRIES = {"Banking", "Energy", "Retail", "Technology"};
  static final List<Row> rows = new ArrayList<>();
  static String base;

  /** What the test created, so expectations are computed rather than typed in. */
  record Row(int i, String name, String industry, String description) {}

  @BeforeAll
  static void createAccounts(SugarWire sugar, Scratch scratch) {
    base = scratch.name("list-");
    for (int i = 0; i < N; i++) {
      String name = base + String.format("%02d", i);
      String industry = INDUSTRIES[i % 4];
      String description = i < 5 ? null : (i % 2 == 0 ? "desc-even" : "desc-odd");
      ObjectNode fields = obj("name", name, "industry", industry);
      if (description != null) {
        fields.put("description", description);
      }
      scratch.create("Accounts", fields);
      rows.add(new Row(i, name, industry, description));
    }
  }

  /** The filter isolating this run's 25 accounts, ANDed with {@code extra}. */
  static ObjectNode body(Object... extra) {
    List<Object> filter = new ArrayList<>();
    filter.add(obj("name", obj("$starts", base)));
    Collections.addAll(filter, extra);
    return obj("filter", filter);
  }

  static List<String> names(Predicate<Row> p) {
    return rows.stream().filter(p).map(Row::name).sorted().collect(Collectors.toList());
  }

  static List<String> names(int fromInclusive, int toExclusive) {
    return IntStream.range(fromInclusive, toExclusive)
        .mapToObj(i -> rows.get(i).name())
        .collect(Collectors.toList());
  }

  static JsonNode filter(SugarWire sugar, ObjectNode body) {
    return assertOk(sugar.post("/Accounts/filter", body));
  }

  static List<String> sortedNames(JsonNode list) {
    List<String> n = Json.values(list, "name");
    Collections.sort(n);
    return n;
  }

  // §3.5 Response / §8: max_num defaults to 20 and next_offset = offset + limit, then -1.
  @Test
  void defaultPageIs20(SugarWire sugar) {
    JsonNode first = filter(sugar, body());
    assertThat(first.path("records")).hasSize(20);
    assertThat(first.path("next_offset").asInt()).isEqualTo(20);
    JsonNode second = filter(sugar, body().put("offset", 20));
    assertThat(second.path("records")).hasSize(5);
    assertThat(second.path("next_offset").asInt()).isEqualTo(-1);
  }

  // §3.5 Server algorithm: fetch limit+1; more than limit rows -> next_offset = offset + limit.
  @Test
  void nextOffsetSemantics(SugarWire sugar) {
    ObjectNode page = body().put("max_num", 10).put("order_by", "name:ASC");
    JsonNode p1 = filter(sugar, page.deepCopy().put("offset", 0));
    JsonNode p2 = filter(sugar, page.deepCopy().put("offset", 10));
    JsonNode p3 = filter(sugar, page.deepCopy().put("offset", 20));
    assertThat(p1.path("next_offset").asInt()).isEqualTo(10);
    assertThat(p2.path("next_offset").asInt()).isEqualTo(20);
    assertThat(p3.path("next_offset").asInt()).isEqualTo(-1);
    assertThat(Json.values(p1, "name")).isEqualTo(names(0, 10));
    assertThat(Json.values(p2, "name")).isEqualTo(names(10, 20));
    assertThat(Json.values(p3, "name")).isEqualTo(names(20, 25));

    JsonNode exact = filter(sugar, body().put("max_num", 25));
    assertThat(exact.path("records")).hasSize(25);
    assertThat(exact.path("next_offset").asInt()).as("exactly max_num left").isEqualTo(-1);
    JsonNode oneShort = filter(sugar, body().put("max_num", 24));
    assertThat(oneShort.path("next_offset").asInt()).isEqualTo(24);
    JsonNode beyond = filter(sugar, body().put("offset", 100));
    assertThat(beyond.path("records")).isEmpty();
    assertThat(beyond.path("next_offset").asInt()).isEqualTo(-1);
  }

  // §3.5 Response: list records carry _module, and id and date_modified are always selected.
  @Test
  void listRecordsAndFields(SugarWire sugar) {
    JsonNode list = filter(sugar, body().put("fields", "name").put("max_num", 5));
    assertThat(list.path("records")).hasSize(5);
    for (JsonNode rec : list.path("records")) {
      assertThat(rec.path("_module").asText()).isEqualTo("Accounts");
      assertThat(rec.path("id").asText()).isNotBlank();
      assertThat(rec.path("date_modified").asText()).isNotBlank();
      assertThat(rec.path("name").asText()).startsWith(base);
      assertThat(rec.has("industry")).as("industry was not asked for: %s", rec).isFalse();
    }
  }

  // §3.5 order_by name:DESC / name:ASC.
  @Test
  void orderBy(SugarWire sugar) {
    JsonNode asc = filter(sugar, body().put("max_num", 100).put("order_by", "name:ASC"));
    assertThat(Json.values(asc, "name")).isEqualTo(names(0, N));
    JsonNode desc = filter(sugar, body().put("max_num", 100).put("order_by", "name:DESC"));
    List<String> reversed = names(0, N);
    Collections.reverse(reversed);
    assertThat(Json.values(desc, "name")).isEqualTo(reversed);
  }

  // §3.5 order_by on an unknown field: 422 "Non existing field: x in module: Y".
  @Test
  void orderByUnknownFieldIs422(SugarWire sugar) {
    Reply r = sugar.post("/Accounts/filter", body().put("order_by", "sbct_nope:ASC"));
    assertErrorMessage(r, 422, "Non existing field: sbct_nope in module: Accounts");
  }

  // §3.5 Count: {"record_count": n} on every count route.
  @Test
  void count(SugarWire sugar) {
    String filterJson = Json.write(body().get("filter"));
    JsonNode c1 = assertOk(sugar.get("/Accounts/count?" + q("filter", filterJson)));
    assertThat(c1.path("record_count").asInt()).isEqualTo(N);
    assertThat(c1.size()).isEqualTo(1);
    JsonNode c2 = assertOk(sugar.get("/Accounts/filter/count?" + q("filter", filterJson)));
    assertThat(c2.path("record_count").asInt()).isEqualTo(N);
    JsonNode c3 = assertOk(sugar.post("/Accounts/filter/count", body(obj("industry", "Banking"))));
    assertThat(c3.path("record_count").asInt())
        .isEqualTo(names(r -> r.industry().equals("Banking")).size());
  }

  static List<Arguments> operators() {
    List<Arguments> a = new ArrayList<>();
    a.add(
        op(
            "basic form = $equals",
            obj("industry", "Banking"),
            r -> r.industry().equals("Banking")));
    a.add(
        op(
            "$equals",
            obj("industry", obj("$equals", "Energy")),
            r -> r.industry().equals("Energy")));
    a.add(
        op(
            "$not_equals",
            obj("industry", obj("$not_equals", "Banking")),
            r -> !r.industry().equals("Banking")));
    a.add(op("$starts", obj("name", obj("$starts", "{base}1")), r -> r.i() >= 10 && r.i() < 20));
    a.add(op("$ends", obj("name", obj("$ends", "5")), r -> r.i() % 10 == 5));
    a.add(op("$contains", obj("name", obj("$contains", "list-2")), r -> r.i() >= 20));
    a.add(
        op(
            "$not_contains",
            obj("name", obj("$not_contains", "list-1")),
            r -> r.i() < 10 || r.i() >= 20));
    a.add(op("$in", obj("industry", obj("$in", List.of("Banking", "Energy"))), r -> r.i() % 4 < 2));
    a.add(
        op(
            "$not_in",
            obj("industry", obj("$not_in", List.of("Banking", "Energy"))),
            r -> r.i() % 4 >= 2));
    a.add(
        op(
            "$between",
            obj("name", obj("$between", List.of("{base}05", "{base}09"))),
            r -> r.i() >= 5 && r.i() <= 9));
    a.add(op("$is_null", obj("description", obj("$is_null", "")), r -> r.description() == null));
    a.add(op("$not_null", obj("description", obj("$not_null", "")), r -> r.description() != null));
    a.add(op("$empty", obj("description", obj("$empty", "")), r -> r.description() == null));
    a.add(
        op("$not_empty", obj("description", obj("$not_empty", "")), r -> r.description() != null));
    a.add(op("$lt", obj("name", obj("$lt", "{base}05")), r -> r.i() < 5));
    a.add(op("$lte", obj("name", obj("$lte", "{base}05")), r -> r.i() <= 5));
    a.add(op("$gt", obj("name", obj("$gt", "{base}20")), r -> r.i() > 20));
    a.add(op("$gte", obj("name", obj("$gte", "{base}20")), r -> r.i() >= 20));
    a.add(
        op(
            "$dateBetween",
            obj("date_entered", obj("$dateBetween", List.of("2000-01-01", "2199-12-31"))),
            r -> true));
    a.add(op("$dateRange today", obj("date_entered", obj("$dateRange", "today")), r -> true));
    a.add(
        op(
            "$dateRange yesterday",
            obj("date_entered", obj("$dateRange", "yesterday")),
            r -> false));
    a.add(
        op(
            "$dateRange last_7_days",
            obj("date_entered", obj("$dateRange", "last_7_days")),
            r -> true));
    a.add(
        op(
            "$or",
            obj("$or", List.of(obj("industry", "Banking"), obj("name", obj("$ends", "7")))),
            r -> r.industry().equals("Banking") || r.i() % 10 == 7));
    a.add(
        op(
            "$and inside $or",
            obj(
                "$or",
                List.of(
                    obj(
                        "$and",
                        List.of(obj("industry", "Energy"), obj("name", obj("$starts", "{base}0")))),
                    obj("industry", "Retail"))),
            r -> (r.industry().equals("Energy") && r.i() < 10) || r.industry().equals("Retail")));
    a.add(
        op(
            "$and",
            obj("$and", List.of(obj("industry", "Banking"), obj("description", "desc-even"))),
            r -> r.industry().equals("Banking") && "desc-even".equals(r.description())));
    return a;
  }

  private static Arguments op(String label, ObjectNode filter, Predicate<Row> expected) {
    return Arguments.of(label, Json.write(filter), expected);
  }

  // §3.5 Filter language: every field operator, grouping and the basic form.
  @ParameterizedTest(name = "{0}")
  @MethodSource("operators")
  void operator(String label, String filterTemplate, Predicate<Row> expected, SugarWire sugar) {
    JsonNode filter = Json.parse(filterTemplate.replace("{base}", base));
    JsonNode list = filter(sugar, body(filter).put("max_num", 100));
    assertThat(sortedNames(list)).as(label).isEqualTo(names(expected));
  }

  // §3.5 Filter errors.
  @Test
  void inRequiresAnArray(SugarWire sugar) {
    Reply r = sugar.post("/Accounts/filter", body(obj("industry", obj("$in", "Banking"))));
    assertErrorMessage(r, 422, "$in requires an array");
  }

  @Test
  void betweenRequiresTwoValues(SugarWire sugar) {
    Reply r =
        sugar.post("/Accounts/filter", body(obj("name", obj("$between", List.of(base + "01")))));
    assertErrorMessage(r, 422, "$between requires an array with two values.");
  }

  @Test
  void unknownOperatorIs422(SugarWire sugar) {
    Reply r = sugar.post("/Accounts/filter", body(obj("name", obj("$sbct_bogus", "x"))));
    assertErrorMessage(r, 422, "Did not recognize the operand: $sbct_bogus");
  }

  @Test
  void unknownFieldIs422(SugarWire sugar) {
    Reply r = sugar.post("/Accounts/filter", body(obj("sbct_nope", "x")));
    assertErrorMessage(r, 422, "Unknown field sbct_nope");
  }

  @Test
  void filterMustBeAnArray(SugarWire sugar) {
    Reply r = sugar.post("/Accounts/filter", obj("filter", obj("name", base + "01")));
    assertThat(r.status()).as("%s", r).isEqualTo(422);
    assertThat(r.errorMessage()).as("%s", r).startsWith("Unexpected filter type");
  }

  // §11 / §3.5: JSON body, ?filter= JSON string and bracket query parameters give identical
  // results, on /filter and on the plain list route.
  @Test
  void threeFilterFormsAgree(SugarWire sugar) {
    ObjectNode or = obj("$or", List.of(obj("industry", "Banking"), obj("industry", "Energy")));
    ObjectNode b = body(or).put("max_num", 100).put("order_by", "name:ASC");
    List<String> expected = names(r -> r.i() % 4 < 2);

    List<String> viaBody = Json.values(filter(sugar, b), "name");
    assertThat(viaBody).isEqualTo(expected);

    String query = "&" + q("max_num", "100") + "&" + q("order_by", "name:ASC");
    String json = q("filter", Json.write(b.get("filter")));
    List<String> viaJsonFilterRoute =
        Json.values(assertOk(sugar.get("/Accounts/filter?" + json + query)), "name");
    List<String> viaJsonListRoute =
        Json.values(assertOk(sugar.get("/Accounts?" + json + query)), "name");

    String brackets =
        q("filter[0][name][$starts]", base)
            + "&"
            + q("filter[1][$or][0][industry]", "Banking")
            + "&"
            + q("filter[1][$or][1][industry]", "Energy");
    List<String> viaBracketsListRoute =
        Json.values(assertOk(sugar.get("/Accounts?" + brackets + query)), "name");
    List<String> viaBracketsFilterRoute =
        Json.values(assertOk(sugar.get("/Accounts/filter?" + brackets + query)), "name");
    String bracketOp =
        q("filter[0][name][$starts]", base)
            + "&"
            + q("filter[1][industry][$in][0]", "Banking")
            + "&"
            + q("filter[1][industry][$in][1]", "Energy");
    List<String> viaBracketOperator =
        Json.values(assertOk(sugar.get("/Accounts/filter?" + bracketOp + query)), "name");

    assertThat(viaJsonFilterRoute).as("?filter= JSON on /filter").isEqualTo(expected);
    assertThat(viaJsonListRoute).as("?filter= JSON on the list route").isEqualTo(expected);
    assertThat(viaBracketsListRoute).as("bracket form on the list route").isEqualTo(expected);
    assertThat(viaBracketsFilterRoute).as("bracket form on /filter").isEqualTo(expected);
    assertThat(viaBracketOperator).as("bracket form with $in").isEqualTo(expected);
  }

  // §0 Argument merge: query-string values override body values.
  @Test
  void queryStringOverridesBody(SugarWire sugar) {
    JsonNode list =
        assertOk(sugar.post("/Accounts/filter?" + q("max_num", "3"), body().put("max_num", 10)));
    assertThat(list.path("records")).hasSize(3);
    assertThat(list.path("next_offset").asInt()).isEqualTo(3);
  }

  // §3.5: q (full-text search) cannot be combined with filter or deleted: 422.
  @Test
  void qCannotBeCombinedWithFilter(SugarWire sugar) {
    Reply withFilter =
        sugar.get("/Accounts?" + q("q", "x") + "&" + q("filter[0][name][$starts]", base));
    assertThat(withFilter.status()).as("%s", withFilter).isEqualTo(422);
    Reply withDeleted = sugar.get("/Accounts?" + q("q", "x") + "&" + q("deleted", "true"));
    assertThat(withDeleted.status()).as("%s", withDeleted).isEqualTo(422);
  }

  // §3.5 Macros: $creator _this matches what this user created.
  @Test
  void creatorMacro(SugarWire sugar) {
    JsonNode list = filter(sugar, body(obj("$creator", "_this")).put("max_num", 100));
    assertThat(list.path("records")).hasSize(N);
  }

  // §3.8 PUT /{module}/{id}/favorite, then my_favorite is true and the $favorite macro finds it;
  // DELETE removes it.
  @Test
  void favoriteAndFavoriteMacro(SugarWire sugar) {
    String id =
        filter(sugar, body(obj("name", base + "03"))).path("records").get(0).path("id").asText();
    assertOk(sugar.put("/Accounts/" + id + "/favorite", obj()));
    assertThat(assertOk(sugar.get("/Accounts/" + id)).path("my_favorite").asBoolean()).isTrue();
    JsonNode favs = filter(sugar, body(obj("$favorite", "_this")).put("max_num", 100));
    assertThat(Json.ids(favs)).containsExactly(id);
    assertOk(sugar.delete("/Accounts/" + id + "/favorite"));
    assertThat(assertOk(sugar.get("/Accounts/" + id)).path("my_favorite").asBoolean()).isFalse();
    assertThat(filter(sugar, body(obj("$favorite", "_this"))).path("records")).isEmpty();
  }
}
