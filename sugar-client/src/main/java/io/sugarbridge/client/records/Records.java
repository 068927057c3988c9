package io.sugarbridge.client.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.error.EditConflictException;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.http.ApiAnswer;
import io.sugarbridge.client.http.ApiCaller;
import io.sugarbridge.client.http.SugarRequest;
import io.sugarbridge.client.meta.ApiVersion;
import io.sugarbridge.common.error.SugarbridgeException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Record operations on any module: create, read, update (optionally guarded by {@code
 * X-Timestamp}), delete, filter one page, count, stream every page lazily by {@code next_offset},
 * {@code /integrate} upsert by sync key, and links between records. Answers are Jackson {@link
 * ObjectNode}s of the records as Sugar sends them.
 */
public final class Records {
  private final ApiCaller api;

  public Records(ApiCaller api) {
    this.api = api;
  }

  /** {@code POST /{module}}: creates a record and returns it as stored. */
  public ObjectNode create(String module, ObjectNode fields) {
    return object(api.call(SugarRequest.post(path(module), fields)));
  }

  /** Creates a record from a map of field values. */
  public ObjectNode create(String module, Map<String, ?> fields) {
    return create(module, (ObjectNode) api.json().valueToTree(fields));
  }

  /**
   * {@code GET /{module}/{id}}, optionally only some fields.
   *
   * @throws NotFoundException when there is no such record (or it is deleted)
   */
  public ObjectNode get(String module, String id, String... fields) {
    Map<String, String> q = new LinkedHashMap<>();
    if (fields.length > 0) {
      q.put("fields", String.join(",", fields));
    }
    return object(api.call(SugarRequest.get(path(module, id), q)));
  }

  /** {@code PUT /{module}/{id}}: changes only the given fields and returns the whole record. */
  public ObjectNode update(String module, String id, ObjectNode fields) {
    return object(api.call(SugarRequest.put(path(module, id), fields)));
  }

  /**
   * Updates only if the record's {@code date_modified} still equals {@code expectedDateModified}.
   *
   * @throws EditConflictException when someone changed the record since
   */
  public ObjectNode update(
      String module, String id, ObjectNode fields, String expectedDateModified) {
    SugarRequest r = SugarRequest.put(path(module, id), fields);
    if (expectedDateModified != null) {
      r = r.withHeader("X-Timestamp", expectedDateModified);
    }
    return object(api.call(r));
  }

  public ObjectNode update(String module, String id, Map<String, ?> fields) {
    return update(module, id, (ObjectNode) api.json().valueToTree(fields));
  }

  /** {@code DELETE /{module}/{id}} (a soft delete); returns the id. */
  public String delete(String module, String id) {
    return api.call(SugarRequest.delete(path(module, id))).path("id").asText(id);
  }

  /** One page of records matching the query ({@code POST /{module}/filter}). */
  public RecordPage list(String module, RecordQuery query) {
    ObjectNode body = api.json().createObjectNode();
    if (query.filter() != null) {
      body.set("filter", query.filter().toJson());
    }
    query.parameters().forEach(body::put);
    body.put("max_num", query.pageSize());
    body.put("offset", query.offset());
    return page(api.call(SugarRequest.post(path(module) + "/filter", body)));
  }

  /** Counts records matching a filter (null for all). */
  public long count(String module, Filter filter) {
    SugarRequest r;
    if (filter == null) {
      r = SugarRequest.get(path(module) + "/count");
    } else {
      r = SugarRequest.get(path(module) + "/filter/count", Map.of("filter", filter.toString()));
    }
    return api.call(r).path("record_count").asLong();
  }

  /**
   * Every record matching the query, fetched lazily page by page ({@code query.pageSize()} per
   * call) following {@code next_offset}; nothing is fetched until the first element is needed.
   */
  public Iterator<ObjectNode> iterate(String module, RecordQuery query) {
    return new PageIterator(q -> list(module, q), query);
  }

  /** {@link #iterate} as a sequential stream. */
  public Stream<ObjectNode> stream(String module, RecordQuery query) {
    return sequential(iterate(module, query));
  }

  /**
   * {@code PATCH /integrate/{module}/{syncKeyField}/{value}}: creates or updates the record whose
   * sync-key field has that value, so a retried write never duplicates. Needs API 11.10.
   */
  public UpsertResult upsert(String module, String syncKeyField, String value, ObjectNode fields) {
    ApiAnswer a =
        api.exchange(
            checked(
                SugarRequest.patch(
                    "/integrate/"
                        + ApiCaller.encode(module)
                        + "/"
                        + ApiCaller.encode(syncKeyField)
                        + "/"
                        + ApiCaller.encode(value),
                    fields),
                ApiVersion.INTEGRATE,
                "Upsert by sync key (PATCH /integrate)"));
    ObjectNode body = object(a.body());
    // Servers answer {"id":…}, {"record":"<id>"} or {"record":{…}}; accept each.
    JsonNode rec = body.path("record");
    String id =
        body.hasNonNull("id")
            ? body.get("id").asText()
            : rec.isTextual() ? rec.asText() : rec.path("id").asText(null);
    return new UpsertResult(id, a.status() == 201, body);
  }

  /** {@code GET /{module}/{id}/link/{link}}: one page of related records. */
  public RecordPage related(String module, String id, String link, RecordQuery query) {
    Map<String, String> q = new LinkedHashMap<>(query.parameters());
    if (query.filter() != null) {
      q.put("filter", query.filter().toString());
    }
    return page(
        api.call(SugarRequest.get(path(module, id) + "/link/" + ApiCaller.encode(link), q)));
  }

  /**
   * Every record related through {@code link}, fetched lazily page by page following {@code
   * next_offset}, like {@link #iterate}; a page whose {@code next_offset} does not move forward
   * stops the walk with an error instead of reading the same records forever.
   */
  public Iterator<ObjectNode> iterateRelated(
      String module, String id, String link, RecordQuery query) {
    return new PageIterator(q -> related(module, id, link, q), query);
  }

  /** {@link #iterateRelated} as a sequential stream. */
  public Stream<ObjectNode> streamRelated(
      String module, String id, String link, RecordQuery query) {
    return sequential(iterateRelated(module, id, link, query));
  }

  private static Stream<ObjectNode> sequential(Iterator<ObjectNode> it) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** {@code POST /{module}/{id}/link/{link}/{remoteId}}: links an existing record. */
  public ObjectNode link(String module, String id, String link, String remoteId) {
    return object(
        api.call(
            SugarRequest.post(
                path(module, id)
                    + "/link/"
                    + ApiCaller.encode(link)
                    + "/"
                    + ApiCaller.encode(remoteId),
                api.json().createObjectNode())));
  }

  /** {@code DELETE /{module}/{id}/link/{link}/{remoteId}}: removes one relationship. */
  public ObjectNode unlink(String module, String id, String link, String remoteId) {
    return object(
        api.call(
            SugarRequest.delete(
                path(module, id)
                    + "/link/"
                    + ApiCaller.encode(link)
                    + "/"
                    + ApiCaller.encode(remoteId))));
  }

  /** {@code POST /{module}/{id}/link}: links many records through one link at once. */
  public ObjectNode linkAll(String module, String id, String link, List<String> remoteIds) {
    ObjectNode body = api.json().createObjectNode();
    body.put("link_name", link);
    remoteIds.forEach(body.putArray("ids")::add);
    return object(api.call(SugarRequest.post(path(module, id) + "/link", body)));
  }

  private SugarRequest checked(SugarRequest r, ApiVersion min, String operation) {
    api.requireVersion(min, operation);
    return r;
  }

  static String path(String module) {
    return "/" + ApiCaller.encode(module);
  }

  static String path(String module, String id) {
    return "/" + ApiCaller.encode(module) + "/" + ApiCaller.encode(id);
  }

  static RecordPage page(JsonNode r) {
    List<ObjectNode> records = new ArrayList<>();
    r.path("records").forEach(n -> records.add((ObjectNode) n));
    return new RecordPage(records, r.path("next_offset").asInt(-1));
  }

  private static ObjectNode object(JsonNode n) {
    if (n instanceof ObjectNode o) {
      return o;
    }
    throw new SugarbridgeException(
        "Sugar answered with " + n.getNodeType() + " where a record (JSON object) was expected");
  }

  /** Walks pages lazily. */
  static final class PageIterator implements Iterator<ObjectNode> {
    private final java.util.function.Function<RecordQuery, RecordPage> fetch;
    private RecordQuery next;
    private Iterator<ObjectNode> current = java.util.Collections.emptyIterator();
    private String stuck;

    PageIterator(java.util.function.Function<RecordQuery, RecordPage> fetch, RecordQuery first) {
      this.fetch = fetch;
      this.next = first;
    }

    @Override
    public boolean hasNext() {
      while (!current.hasNext() && next != null) {
        RecordQuery asked = next;
        RecordPage p = fetch.apply(asked);
        current = p.records().iterator();
        if (!p.hasMore()) {
          next = null;
        } else if (p.nextOffset() > asked.offset()) {
          // An empty page may still promise more (Sugar drops rows the user may not see after
          // fetching), so only the offset's progress decides whether to go on.
          next = asked.withOffset(p.nextOffset());
        } else {
          next = null;
          stuck =
              "Sugar answered the page at offset "
                  + asked.offset()
                  + " with next_offset "
                  + p.nextOffset()
                  + ", which does not move forward; stopped paging instead of reading the same"
                  + " records again. Check the instance or any proxy between it and sugarbridge";
        }
      }
      if (!current.hasNext() && stuck != null) {
        throw new SugarbridgeException(stuck);
      }
      return current.hasNext();
    }

    @Override
    public ObjectNode next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }
}
