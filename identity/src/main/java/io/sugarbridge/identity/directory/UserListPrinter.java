package io.sugarbridge.identity.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the live users as a table for a person, a JSON array or CSV; the manager is shown by user
 * name, and fields asked for with {@code --fields} follow the standard columns.
 */
public final class UserListPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> COLUMNS =
      List.of(
          "user_name",
          "name",
          "status",
          "admin",
          "email",
          "title",
          "department",
          "manager",
          "date_modified");

  private UserListPrinter() {}

  private static List<String> header(UserList users) {
    List<String> h = new ArrayList<>(COLUMNS);
    h.addAll(extras(users));
    return h;
  }

  /**
   * The asked-for fields that are not already a standard column: {@code --fields title} would
   * otherwise print a second title column, and in JSON overwrite the first.
   */
  private static List<String> extras(UserList users) {
    return users.extraFields().stream().filter(f -> !COLUMNS.contains(f)).distinct().toList();
  }

  private static List<String> values(UserList users, SugarUser u) {
    List<String> v = new ArrayList<>();
    v.add(u.userName());
    v.add(u.displayName());
    v.add(u.status());
    v.add(u.admin() ? "yes" : "no");
    v.add(u.email());
    v.add(u.title());
    v.add(u.department());
    v.add(users.byId(u.reportsToId()).map(SugarUser::userName).orElse(u.reportsToId()));
    v.add(u.dateModified() == null ? null : u.dateModified().toString());
    extras(users).forEach(f -> v.add(u.extra().get(f)));
    return v;
  }

  public static void table(UserList users, PrintWriter out) {
    List<String> header = header(users);
    List<List<String>> rows = new ArrayList<>();
    for (SugarUser u : users.live()) {
      rows.add(values(users, u));
    }
    int[] width = new int[header.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = header.get(i).length();
      for (List<String> r : rows) {
        width[i] = Math.min(40, Math.max(width[i], nz(r.get(i)).length()));
      }
    }
    line(out, header, width);
    for (List<String> r : rows) {
      line(out, r, width);
    }
    long active = users.live().stream().filter(SugarUser::active).count();
    out.printf(
        "%n%d users: %d active, %d inactive%n",
        users.live().size(), active, users.live().size() - active);
    out.flush();
  }

  private static void line(PrintWriter out, List<String> cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String c = nz(cells.get(i));
      if (c.length() > width[i]) {
        c = c.substring(0, width[i] - 1) + "~";
      }
      b.append(String.format("%-" + width[i] + "s", c));
      if (i < cells.size() - 1) {
        b.append("  ");
      }
    }
    out.println(b.toString().stripTrailing());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  public static ArrayNode json(UserList users) {
    ArrayNode a = JSON.createArrayNode();
    List<String> header = header(users);
    for (SugarUser u : users.live()) {
      ObjectNode o = a.addObject();
      o.put("id", u.id());
      List<String> v = values(users, u);
      for (int i = 0; i < header.size(); i++) {
        if (header.get(i).equals("admin")) {
          o.put("admin", u.admin());
        } else {
          o.put(header.get(i), v.get(i));
        }
      }
    }
    return a;
  }

  public static void csv(UserList users, PrintWriter out) throws IOException {
    CsvTable t = new CsvTable(header(users));
    for (SugarUser u : users.live()) {
      t.row(values(users, u));
    }
    t.write(out);
  }
}
