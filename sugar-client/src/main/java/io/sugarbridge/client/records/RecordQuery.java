package io.sugarbridge.client.records;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to list: an optional {@link Filter}, the fields to return, the order, the page size ({@code
 * max_num}, Sugar's default 20) and the starting offset. Immutable; {@code with…} methods return
 * copies.
 */
public record RecordQuery(
    Filter filter, List<String> fields, String orderBy, int pageSize, int offset, boolean deleted) {

  public static final int DEFAULT_PAGE_SIZE = 20;

  public RecordQuery {
    fields = fields == null ? List.of() : List.copyOf(fields);
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
  }

  /** Every record, Sugar's default order and page size. */
  public static RecordQuery all() {
    return new RecordQuery(null, List.of(), null, DEFAULT_PAGE_SIZE, 0, false);
  }

  public static RecordQuery where(Filter filter) {
    return all().withFilter(filter);
  }

  public RecordQuery withFilter(Filter f) {
    return new RecordQuery(f, fields, orderBy, pageSize, offset, deleted);
  }

  public RecordQuery withFields(String... names) {
    return new RecordQuery(filter, List.of(names), orderBy, pageSize, offset, deleted);
  }

  public RecordQuery withFields(List<String> names) {
    return new RecordQuery(filter, names, orderBy, pageSize, offset, deleted);
  }

  /** Sugar's {@code order_by}, e.g. {@code last_name:ASC,date_modified:DESC}. */
  public RecordQuery orderBy(String order) {
    return new RecordQuery(filter, fields, order, pageSize, offset, deleted);
  }

  public RecordQuery withPageSize(int n) {
    return new RecordQuery(filter, fields, orderBy, n, offset, deleted);
  }

  public RecordQuery withOffset(int n) {
    return new RecordQuery(filter, fields, orderBy, pageSize, n, deleted);
  }

  /** Include soft-deleted records ({@code deleted=true}). */
  public RecordQuery includingDeleted() {
    return new RecordQuery(filter, fields, orderBy, pageSize, offset, true);
  }

  /** Query-string parameters other than the filter. */
  Map<String, String> parameters() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("max_num", Integer.toString(pageSize));
    q.put("offset", Integer.toString(offset));
    if (!fields.isEmpty()) {
      q.put("fields", String.join(",", fields));
    }
    if (orderBy != null) {
      q.put("order_by", orderBy);
    }
    if (deleted) {
      q.put("deleted", "true");
    }
    return q;
  }
}
