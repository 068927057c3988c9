package io.sugarbridge.sandbox.app.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.app.AppContext;
import io.sugarbridge.sandbox.app.module.LinkDef;
import io.sugarbridge.sandbox.app.module.Relationship;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks and changes relationships through link fields: many-to-many pairs in the store's join
 * table, one-to-many ones through the key field of the right-hand record (as Sugar does with e.g.
 * {@code cases.account_id} or {@code notes.parent_id} plus {@code parent_type}).
 */
public final class Relations {
  private final AppContext ctx;

  public Relations(AppContext ctx) {
    this.ctx = ctx;
  }

  /** Live (not deleted) records related to {@code record} through {@code link}. */
  public List<ObjectNode> related(LinkDef link, ObjectNode record) {
    String id = record.path("id").asText();
    Relationship rel = link.relationship();
    List<ObjectNode> out = new ArrayList<>();
    if (rel.manyToMany()) {
      for (String other : ctx.store().pairs(rel.name(), id, link.leftSide()).keySet()) {
        addLive(out, link.targetModule(), other);
      }
    } else if (link.leftSide()) {
      for (ObjectNode r : ctx.store().records(link.targetModule())) {
        if (id.equals(r.path(rel.rhsKey()).asText(null)) && roleMatches(rel, r) && live(r)) {
          out.add(r);
        }
      }
    } else if (roleMatches(rel, record)) {
      addLive(out, link.targetModule(), record.path(rel.rhsKey()).asText(null));
    }
    return out;
  }

  /** The first related record, or null (for relate fields such as Contacts' account_name). */
  public ObjectNode first(LinkDef link, ObjectNode record) {
    Relationship rel = link.relationship();
    if (rel.manyToMany()) {
      String id = record.path("id").asText();
      for (String other : ctx.store().pairs(rel.name(), id, link.leftSide()).keySet()) {
        ObjectNode r = ctx.store().get(link.targetModule(), other);
        if (live(r)) {
          return r;
        }
      }
      return null;
    }
    List<ObjectNode> all = related(link, record);
    return all.isEmpty() ? null : all.get(0);
  }

  /** The relationship fields of a pair (e.g. contact_role), or null for one-to-many. */
  public ObjectNode pairFields(LinkDef link, ObjectNode record, String otherId) {
    Relationship rel = link.relationship();
    if (!rel.manyToMany()) {
      return null;
    }
    return ctx.store().pairs(rel.name(), record.path("id").asText(), link.leftSide()).get(otherId);
  }

  /**
   * The ids of this side's records related to any of {@code targetIds} (for filters on related
   * fields, {@code link.field}).
   */
  public Set<String> idsRelatedTo(LinkDef link, Set<String> targetIds) {
    Relationship rel = link.relationship();
    Set<String> out = new HashSet<>();
    if (rel.manyToMany()) {
      for (String t : targetIds) {
        out.addAll(ctx.store().pairs(rel.name(), t, !link.leftSide()).keySet());
      }
    } else if (link.leftSide()) {
      for (String t : targetIds) {
        ObjectNode r = ctx.store().get(link.targetModule(), t);
        if (r != null && roleMatches(rel, r) && r.hasNonNull(rel.rhsKey())) {
          out.add(r.get(rel.rhsKey()).asText());
        }
      }
    } else {
      for (ObjectNode r : ctx.store().records(link.module())) {
        if (targetIds.contains(r.path(rel.rhsKey()).asText(null)) && roleMatches(rel, r)) {
          out.add(r.path("id").asText());
        }
      }
    }
    return out;
  }

  /**
   * Relates two records. For a one-to-many relationship this rewrites the right-hand record's key
   * (and role column) and returns its new version; otherwise returns null. Caller holds the store's
   * write lock.
   */
  public ObjectNode link(LinkDef link, ObjectNode record, ObjectNode target, ObjectNode fields) {
    Relationship rel = link.relationship();
    String id = record.path("id").asText();
    String targetId = target.path("id").asText();
    if (rel.manyToMany()) {
      if (link.leftSide()) {
        ctx.store().link(rel.name(), id, targetId, fields);
      } else {
        ctx.store().link(rel.name(), targetId, id, fields);
      }
      return null;
    }
    ObjectNode rhs = link.leftSide() ? target : record;
    String lhsId = link.leftSide() ? id : targetId;
    String rhsModule = link.leftSide() ? link.targetModule() : link.module();
    ObjectNode copy = rhs.deepCopy();
    copy.put(rel.rhsKey(), lhsId);
    if (rel.roleColumn() != null) {
      copy.put(rel.roleColumn(), rel.roleValue());
    }
    copy.put("date_modified", Timestamps.format(ctx.now()));
    ctx.store().put(rhsModule, copy);
    return copy;
  }

  /** Removes the relation between two records; caller holds the store's write lock. */
  public void unlink(LinkDef link, ObjectNode record, ObjectNode target) {
    Relationship rel = link.relationship();
    String id = record.path("id").asText();
    String targetId = target.path("id").asText();
    if (rel.manyToMany()) {
      if (link.leftSide()) {
        ctx.store().unlink(rel.name(), id, targetId);
      } else {
        ctx.store().unlink(rel.name(), targetId, id);
      }
      return;
    }
    ObjectNode rhs = link.leftSide() ? target : record;
    String lhsId = link.leftSide() ? id : targetId;
    String rhsModule = link.leftSide() ? link.targetModule() : link.module();
    ObjectNode current = ctx.store().get(rhsModule, rhs.path("id").asText());
    if (current != null && lhsId.equals(current.path(rel.rhsKey()).asText(null))) {
      ObjectNode copy = current.deepCopy();
      copy.putNull(rel.rhsKey());
      if (rel.roleColumn() != null) {
        copy.putNull(rel.roleColumn());
      }
      copy.put("date_modified", Timestamps.format(ctx.now()));
      ctx.store().put(rhsModule, copy);
    }
  }

  /** Removes every many-to-many pair of a one-sided link (used when a relate id is replaced). */
  public void unlinkAll(LinkDef link, ObjectNode record) {
    for (ObjectNode other : related(link, record)) {
      unlink(link, record, other);
    }
  }

  private void addLive(List<ObjectNode> out, String module, String id) {
    ObjectNode r = id == null ? null : ctx.store().get(module, id);
    if (live(r)) {
      out.add(r);
    }
  }

  private static boolean roleMatches(Relationship rel, ObjectNode rhs) {
    return rel.roleColumn() == null || rel.roleValue().equals(rhs.path(rel.roleColumn()).asText());
  }

  static boolean live(ObjectNode r) {
    return r != null && !r.path("deleted").asBoolean(false);
  }
}
