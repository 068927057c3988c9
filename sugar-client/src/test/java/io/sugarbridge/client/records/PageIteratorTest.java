package io.sugarbridge.client.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.common.error.SugarbridgeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paging iterator against scripted pages keyed by the offset asked for. */
class PageIteratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Integer> offsetsAsked = new ArrayList<>();

  private static ObjectNode rec(String id) {
    return JSON.createObjectNode().put("id", id);
  }

  private Iterator<ObjectNode> over(Map<Integer, RecordPage> pages) {
    return new Records.PageIterator(
        q -> {
          offsetsAsked.add(q.offset());
          if (offsetsAsked.size() > 10) {
            throw new IllegalStateException("fetched the same pages over and over");
          }
          RecordPage p = pages.get(q.offset());
          if (p == null) {
            throw new IllegalStateException("no page at offset " + q.offset());
          }
          return p;
        },
        RecordQuery.all().withPageSize(2));
  }

  private static List<String> ids(Iterator<ObjectNode> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(r -> out.add(r.path("id").asText()));
    return out;
  }

  @Test
  void followsNextOffsetLazilyAndStopsAtMinusOne() {
    Iterator<ObjectNode> it =
        over(
            Map.of(
                0, new RecordPage(List.of(rec("a"), rec("b")), 2),
                2, new RecordPage(List.of(rec("c")), -1)));
    assertThat(offsetsAsked).isEmpty();
    assertThat(it.next().path("id").asText()).isEqualTo("a");
    assertThat(it.next().path("id").asText()).isEqualTo("b");
    assertThat(offsetsAsked).containsExactly(0);
    assertThat(ids(it)).containsExactly("c");
    assertThat(offsetsAsked).containsExactly(0, 2);
    assertThat(it.hasNext()).isFalse();
    assertThat(offsetsAsked).containsExactly(0, 2);
  }

  @Test
  void anEmptyPageThatPromisesMoreIsSkippedNotTakenAsTheEnd() {
    // Sugar drops rows the user may not see after fetching a page, so a page can be empty while
    // next_offset still points further: stopping there would silently lose the later records.
    Iterator<ObjectNode> it =
        over(
            Map.of(
                0, new RecordPage(List.of(rec("a"), rec("b")), 2),
                2, new RecordPage(List.of(), 4),
                4, new RecordPage(List.of(rec("e")), -1)));
    assertThat(ids(it)).containsExactly("a", "b", "e");
    assertThat(offsetsAsked).containsExactly(0, 2, 4);
  }

  @Test
  void aNextOffsetThatDoesNotAdvanceFailsInsteadOfLooping() {
    Iterator<ObjectNode> it =
        over(
            Map.of(
                0, new RecordPage(List.of(rec("a"), rec("b")), 2),
                2, new RecordPage(List.of(rec("c"), rec("d")), 2)));
    assertThat(it.next().path("id").asText()).isEqualTo("a");
    it.next();
    it.next();
    it.next();
    assertThatThrownBy(it::hasNext)
        .isInstanceOf(SugarbridgeException.class)
        .hasMessageContaining("next_offset");
    assertThat(offsetsAsked).containsExactly(0, 2);
  }

  @Test
  void anEmptyFirstPageMeansNoRecords() {
    Iterator<ObjectNode> it = over(Map.of(0, new RecordPage(List.of(), -1)));
    assertThat(it.hasNext()).isFalse();
    assertThat(offsetsAsked).containsExactly(0);
  }
}
