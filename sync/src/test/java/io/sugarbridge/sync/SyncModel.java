package io.sugarbridge.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The model of the model-based sync test ({@link SyncModelTest}): the warehouse table the test
 * rewrites, and per Sugar instance, per sync and per key the record values Sugar may hold. A key
 * with one possible version must hold exactly it; a key touched by a run that was killed or hit by
 * a fault may hold its old or its new version until the next run settles it. {@link #ABSENT} stands
 * for "no record". How a row of the table must come out of a run is decided by {@link #classify},
 * the intended behaviour of issue 9 written down once.
 */
final class SyncModel {
  /** A version meaning: no record for the key. */
  static final Map<String, String> ABSENT = Map.of();

  /** Values Contacts' lead_source accepts (from the sandbox's lead_source_dom). */
  static final List<String> LEAD_SOURCES = List.of("Cold Call", "Web Site", "Email", "Partner", "");

  static final String OWN_EMAIL_DOMAIN = "@model.test";
  static final String SHARED_PREFIX = "shared";

  /** One row of the warehouse table {@code people}, in table order. */
  record Row(String key, String first, String last, String email, String leadSource) {
    Row with(String field, String value) {
      return switch (field) {
        case "key" -> new Row(value, first, last, email, leadSource);
        case "first" -> new Row(key, value, last, email, leadSource);
        case "last" -> new Row(key, first, value, email, leadSource);
        case "email" -> new Row(key, first, last, value, leadSource);
        case "lead_source" -> new Row(key, first, last, email, value);
        default -> throw new IllegalArgumentException(field);
      };
    }

    @Override
    public String toString() {
      return key + "(" + first + " " + last + ", " + email + ", " + leadSource + ")";
    }
  }

  /** How a run must treat a row, by the intended behaviour. */
  enum Kind {
    /** Empty key: failed, {@code invalid_row}. */
    NO_KEY,
    /** A later row with a key seen before in the run: skipped, {@code duplicate_key}. */
    DUP_KEY,
    /** A value Sugar's metadata refuses (required field empty, enum value not an option). */
    INVALID,
    /** Shares its match value with another valid row of the run: {@code duplicate_match}. */
    SHARED,
    /** Must end created, updated or unchanged (unless a fault may fail it). */
    VALID
  }

  record Classified(long number, Row row, Kind kind) {}

  final List<Row> rows = new ArrayList<>();
  private int nextKey = 1;
  private int nextShared = 1;
  private final boolean sharedMatchValues;

  /** instance -> sync -> key -> versions Sugar may hold. */
  private final Map<String, Map<String, Map<String, Set<Map<String, String>>>>> possible =
      new HashMap<>();

  SyncModel(boolean sharedMatchValues) {
    this.sharedMatchValues = sharedMatchValues;
  }

  // ---- the source ------------------------------------------------------------------------------

  static String ownEmail(String key) {
    return key + OWN_EMAIL_DOMAIN;
  }

  /**
   * Applies one to three random edits drawn from {@code seed} and returns what it did, e.g. {@code
   * +c7 ~c2.last -c4 dup(c1) share(c3,c5)=shared2@model.test bad(c6.lead_source)}.
   */
  String edit(long seed) {
    Random r = new Random(seed);
    List<String> done = new ArrayList<>();
    if (rows.isEmpty()) {
      int n = 4 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        done.add(add(r));
      }
    }
    int ops = 1 + r.nextInt(3);
    for (int i = 0; i < ops; i++) {
      int w = r.nextInt(100);
      if (w < 22) {
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
          done.add(add(r));
        }
      } else if (w < 42) {
        done.add(change(r));
      } else if (w < 54) {
        done.add(remove(r));
      } else if (w < 62) {
        done.add(duplicateKey(r));
      } else if (w < 76 && sharedMatchValues) {
        done.add(share(r));
      } else if (w < 88) {
        done.add(breakRow(r));
      } else {
        done.add(fix(r));
      }
    }
    done.addAll(normalize());
    done.removeIf(String::isEmpty);
    return String.join(" ", done);
  }

  private static final String[] FIRST = {
    "Ada", "Bob", "Chen", "Dana", "Eve", "Femi", "Gus", "Hana"
  };
  private static final String[] LAST = {"Lovelace", "Ng", "Okafor", "Silva", "Weber", "Kim"};

  private String add(Random r) {
    String key = "c" + nextKey++;
    rows.add(
        new Row(
            key,
            FIRST[r.nextInt(FIRST.length)],
            LAST[r.nextInt(LAST.length)],
            ownEmail(key),
            LEAD_SOURCES.get(r.nextInt(LEAD_SOURCES.size()))));
    return "+" + key;
  }

  private String change(Random r) {
    int i = pick(r);
    if (i < 0) {
      return "";
    }
    Row row = rows.get(i);
    int what = r.nextInt(3);
    if (what == 0) {
      rows.set(i, row.with("first", FIRST[r.nextInt(FIRST.length)] + r.nextInt(10)));
      return "~" + row.key() + ".first";
    } else if (what == 1) {
      rows.set(i, row.with("last", LAST[r.nextInt(LAST.length)] + "-" + r.nextInt(10)));
      return "~" + row.key() + ".last";
    }
    rows.set(i, row.with("lead_source", LEAD_SOURCES.get(r.nextInt(LEAD_SOURCES.size() - 1))));
    return "~" + row.key() + ".lead_source";
  }

  private String remove(Random r) {
    int i = pick(r);
    if (i < 0) {
      return "";
    }
    return "-" + rows.remove(i).key();
  }

  private String duplicateKey(Random r) {
    int i = pick(r);
    if (i < 0 || rows.get(i).key() == null) {
      return "";
    }
    Row row = rows.get(i);
    rows.add(row.with("first", "Dup" + r.nextInt(100)));
    return "dup(" + row.key() + ")";
  }

  private String share(Random r) {
    List<Integer> valid = new ArrayList<>();
    List<Classified> cls = classify("a");
    for (Classified c : cls) {
      if (c.kind() == Kind.VALID && c.row().email().endsWith(OWN_EMAIL_DOMAIN)) {
        valid.add((int) c.number() - 1);
      }
    }
    if (valid.size() < 2) {
      return "";
    }
    int a = valid.remove(r.nextInt(valid.size()));
    int b = valid.remove(r.nextInt(valid.size()));
    String email = SHARED_PREFIX + nextShared++ + OWN_EMAIL_DOMAIN;
    rows.set(a, rows.get(a).with("email", email));
    // Sugar compares emails without regard to case, so must the sync.
    rows.set(
        b, rows.get(b).with("email", r.nextBoolean() ? email.toUpperCase(Locale.ROOT) : email));
    return "share(" + rows.get(a).key() + "," + rows.get(b).key() + ")=" + email;
  }

  private String breakRow(Random r) {
    int what = r.nextInt(3);
    if (what == 0) {
      rows.add(new Row(null, "Nokey", "Nobody", "nokey" + nextKey++ + OWN_EMAIL_DOMAIN, ""));
      return "+nokey";
    }
    int i = pick(r);
    if (i < 0 || rows.get(i).key() == null) {
      return "";
    }
    Row row = rows.get(i);
    if (what == 1) {
      rows.set(i, row.with("lead_source", "Bogus"));
      return "bad(" + row.key() + ".lead_source)";
    }
    rows.set(i, row.with("last", null));
    return "bad(" + row.key() + ".last)";
  }

  private String fix(Random r) {
    List<Integer> broken = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).key() != null && invalid(rows.get(i))) {
        broken.add(i);
      }
    }
    if (broken.isEmpty()) {
      return "";
    }
    int i = broken.get(r.nextInt(broken.size()));
    Row row = rows.get(i);
    rows.set(i, new Row(row.key(), row.first(), "Fixed", row.email(), "Web Site"));
    return "fix(" + row.key() + ")";
  }

  private int pick(Random r) {
    return rows.isEmpty() ? -1 : r.nextInt(rows.size());
  }

  /**
   * Keeps every shared email held by two or more valid rows, or by none: a shared value left with
   * one row would make that row take over a record another key wrote (which {@code match} allows),
   * something this model does not follow. Returns what it undid.
   */
  private List<String> normalize() {
    List<String> undone = new ArrayList<>();
    for (int pass = 0; pass < 3; pass++) {
      List<Classified> cls = classify("a");
      Map<String, Set<String>> holders = new HashMap<>();
      boolean changed = false;
      for (Classified c : cls) {
        String e = c.row().email();
        if (e == null || !e.toLowerCase(Locale.ROOT).startsWith(SHARED_PREFIX)) {
          continue;
        }
        if (c.kind() == Kind.VALID || c.kind() == Kind.SHARED) {
          holders
              .computeIfAbsent(e.toLowerCase(Locale.ROOT), x -> new HashSet<>())
              .add(c.row().key());
        } else {
          rows.set((int) c.number() - 1, c.row().with("email", ownEmail(c.row().key())));
          changed = true;
        }
      }
      for (int i = 0; i < rows.size(); i++) {
        Row row = rows.get(i);
        String e = row.email() == null ? "" : row.email().toLowerCase(Locale.ROOT);
        Set<String> h = holders.get(e);
        if (h != null && h.size() < 2) {
          rows.set(i, row.with("email", ownEmail(row.key())));
          undone.add("unshare(" + row.key() + ")");
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return undone;
  }

  static boolean invalid(Row r) {
    return r.last() == null || r.last().isBlank() || !LEAD_SOURCES.contains(nz(r.leadSource()));
  }

  /** Each row of the table with the outcome the intended behaviour gives it in a run of sync. */
  List<Classified> classify(String sync) {
    List<Classified> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      Kind k;
      if (row.key() == null || row.key().isBlank()) {
        k = Kind.NO_KEY;
      } else if (!seen.add(row.key())) {
        k = Kind.DUP_KEY;
      } else if (invalid(row)) {
        k = Kind.INVALID;
      } else {
        k = Kind.VALID;
      }
      out.add(new Classified(i + 1, row, k));
    }
    if ("a".equals(sync)) {
      Map<String, Integer> byEmail = new HashMap<>();
      for (Classified c : out) {
        if (c.kind() == Kind.VALID) {
          byEmail.merge(c.row().email().strip().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
      }
      for (int i = 0; i < out.size(); i++) {
        Classified c = out.get(i);
        if (c.kind() == Kind.VALID
            && byEmail.get(c.row().email().strip().toLowerCase(Locale.ROOT)) > 1) {
          out.set(i, new Classified(c.number(), c.row(), Kind.SHARED));
        }
      }
    }
    return out;
  }

  /** The shared-match groups of a classification: lower-cased email to its rows. */
  static Map<String, List<Classified>> sharedGroups(List<Classified> cls) {
    Map<String, List<Classified>> g = new LinkedHashMap<>();
    for (Classified c : cls) {
      if (c.kind() == Kind.SHARED) {
        g.computeIfAbsent(c.row().email().strip().toLowerCase(Locale.ROOT), x -> new ArrayList<>())
            .add(c);
      }
    }
    return g;
  }

  // ---- what Sugar must hold ------------------------------------------------------------------

  /**
   * The values a record of {@code sync} holds for {@code row}, as the test reads them back: sync a
   * sends names, email and lead source as they are; sync b sends the first name upper-cased and no
   * email. Both stamp their name in {@code department} and the key in {@code customer_key_c}, so a
   * record one sync wrote over the other's is visible.
   */
  static Map<String, String> expected(String sync, Row row) {
    Map<String, String> m = new TreeMap<>();
    m.put(
        "first_name",
        "a".equals(sync) ? nz(row.first()) : nz(row.first()).toUpperCase(Locale.ROOT));
    m.put("last_name", nz(row.last()));
    m.put("email", "a".equals(sync) ? nz(row.email()).strip() : "");
    m.put("lead_source", nz(row.leadSource()));
    m.put("department", "sync-" + sync);
    m.put("customer_key_c", row.key());
    return m;
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }

  Set<Map<String, String>> possible(String instance, String sync, String key) {
    Set<Map<String, String>> p = table(instance, sync).get(key);
    return p == null ? Set.of(ABSENT) : p;
  }

  /** All keys the model has an expectation for on this instance and sync. */
  Set<String> keys(String instance, String sync) {
    return table(instance, sync).keySet();
  }

  /** Sugar now holds exactly these values for the key (the run reported it synced). */
  void settle(String instance, String sync, String key, Map<String, String> values) {
    Set<Map<String, String>> s = new LinkedHashSet<>();
    s.add(values);
    table(instance, sync).put(key, s);
  }

  /** Sugar may now hold these values for the key, or what it held before (write unconfirmed). */
  void mayHave(String instance, String sync, String key, Map<String, String> values) {
    Set<Map<String, String>> s = new LinkedHashSet<>(possible(instance, sync, key));
    s.add(values);
    table(instance, sync).put(key, s);
  }

  private Map<String, Set<Map<String, String>>> table(String instance, String sync) {
    return possible
        .computeIfAbsent(instance, x -> new HashMap<>())
        .computeIfAbsent(sync, x -> new HashMap<>());
  }
}
