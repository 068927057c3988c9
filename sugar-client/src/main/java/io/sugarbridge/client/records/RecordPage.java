package io.sugarbridge.client.records;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** One page of a list: its records and Sugar's {@code next_offset} (-1 when there are no more). */
public record RecordPage(List<ObjectNode> records, int nextOffset) {
  public RecordPage {
    records = List.copyOf(records);
  }

  public boolean hasMore() {
    return nextOffset >= 0;
  }
}
