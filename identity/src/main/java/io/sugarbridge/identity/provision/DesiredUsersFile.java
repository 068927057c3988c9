package io.sugarbridge.identity.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.identity.orgchart.ReportingCycles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a provisioning file of desired users, CSV ({@code .csv}) or YAML ({@code .yaml}/{@code
 * .yml}), and checks it whole: every problem (unknown column, missing or repeated user_name, bad
 * status, a reporting cycle among the file's users) is reported at once, naming the row. Email
 * addresses are the planner's to check, with Sugar's rule, one user at a time.
 *
 * <p>CSV: a header row with {@code user_name} and any of {@code first_name, last_name, email,
 * title, department, manager, status, roles}; roles are separated by {@code ;}. YAML: {@code
 * users:} a list of maps with the same keys ({@code roles} a list), and optionally {@code
 * license_type:} a list of subscription keys for creates.
 */
public final class DesiredUsersFile {
  static final List<String> COLUMNS =
      List.of(
          "user_name",
          "first_name",
          "last_name",
          "email",
          "title",
          "department",
          "manager",
          "status",
          "roles");

  private static final String BLANK_ROW = " blank";

  private DesiredUsersFile() {}

  public static DesiredUsers read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<Map<String, JsonNode>> rows;
    List<String> license = null;
    List<ConfigProblem> problems = new ArrayList<>();
    try {
      if (name.endsWith(".csv")) {
        rows = csvRows(file, problems);
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(utf8(file));
        rows = new ArrayList<>();
        if (root == null || !root.path("users").isArray()) {
          throw new ConfigurationException(
              "users", file + ": expected a top-level 'users:' list of users");
        }
        // Keys the file may have at the top; anything else (a typo such as "licence_type") would
        // otherwise be ignored without a word.
        root.fieldNames()
            .forEachRemaining(
                k -> {
                  if (!k.equals("users") && !k.equals("license_type")) {
                    problems.add(
                        new ConfigProblem(
                            k,
                            "unknown top-level key '" + k + "'; known: users, license_type",
                            file.getFileName().toString()));
                  }
                });
        int i = 0;
        for (JsonNode u : root.get("users")) {
          Map<String, JsonNode> m = new LinkedHashMap<>();
          if (u.isObject()) {
            u.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
          } else {
            problems.add(
                new ConfigProblem(
                    "users",
                    "each entry must be a map of keys (user_name: ..., email: ...), got "
                        + (u.isNull() ? "nothing" : "'" + u.asText() + "'"),
                    file.getFileName() + " users[" + i + "]"));
            m.put(BLANK_ROW, u);
          }
          rows.add(m);
          i++;
        }
        JsonNode lt = root.get("license_type");
        if (lt != null && !lt.isNull()) {
          license = new ArrayList<>();
          if (lt.isArray()) {
            for (JsonNode v : lt) {
              license.add(v.asText());
            }
          } else {
            license.add(lt.asText());
          }
        }
      } else {
        throw new ConfigurationException(
            "FILE", file + ": the desired users file must end in .csv, .yaml or .yml");
      }
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("FILE", file + " does not exist");
    } catch (IOException e) {
      throw new ConfigurationException(
          "FILE", file + " cannot be read: " + firstLine(e.getMessage()));
    }
    boolean csv = name.endsWith(".csv");
    List<DesiredUser> users = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    int index = 0;
    for (Map<String, JsonNode> row : rows) {
      index++;
      if (row.containsKey(BLANK_ROW)) {
        continue;
      }
      String where =
          csv
              ? file.getFileName() + " row " + (index + 1)
              : file.getFileName() + " users[" + (index - 1) + "]";
      for (Map.Entry<String, JsonNode> e : row.entrySet()) {
        String key = e.getKey();
        if (!COLUMNS.contains(key)) {
          problems.add(
              new ConfigProblem(
                  key,
                  "unknown "
                      + (csv ? "column" : "key")
                      + " '"
                      + key
                      + "'; known: "
                      + String.join(", ", COLUMNS),
                  where));
        } else if (!key.equals("roles") && e.getValue().isContainerNode()) {
          // Read as text, a list or map would become empty and the field silently unmanaged.
          problems.add(
              new ConfigProblem(
                  key,
                  key
                      + " must be a single value, not a "
                      + (e.getValue().isArray() ? "list" : "map"),
                  where));
        }
      }
      String userName = text(row.get("user_name"));
      if (userName == null) {
        problems.add(new ConfigProblem("user_name", "user_name is missing", where));
        continue;
      }
      if (userName.length() > 60) {
        problems.add(
            new ConfigProblem(
                "user_name",
                "user_name '" + userName + "' is longer than Sugar's 60 characters",
                where));
      }
      String previous = seen.putIfAbsent(userName.toLowerCase(Locale.ROOT), where);
      if (previous != null) {
        problems.add(
            new ConfigProblem(
                "user_name", "user_name '" + userName + "' is also at " + previous, where));
        continue;
      }
      String status = text(row.get("status"));
      if (status == null) {
        status = "Active";
      } else if (status.equalsIgnoreCase("active")) {
        status = "Active";
      } else if (status.equalsIgnoreCase("inactive")) {
        status = "Inactive";
      } else {
        problems.add(
            new ConfigProblem(
                "status", "status '" + status + "' must be Active or Inactive", where));
      }
      // Emails are checked by the planner, with Sugar's own rule, so that one bad address makes
      // one user "cannot be done" instead of refusing the whole file.
      String email = text(row.get("email"));
      List<String> roles = roles(row.get("roles"), where, problems);
      users.add(
          new DesiredUser(
              userName,
              text(row.get("first_name")),
              text(row.get("last_name")),
              email,
              text(row.get("title")),
              text(row.get("department")),
              text(row.get("manager")),
              status,
              roles,
              where));
    }
    cycleProblems(users, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new DesiredUsers(users, license, file.toString());
  }

  private static List<Map<String, JsonNode>> csvRows(Path file, List<ConfigProblem> problems)
      throws IOException {
    CsvMapper csv = new CsvMapper();
    csv.enable(CsvParser.Feature.WRAP_AS_ARRAY);
    List<Map<String, JsonNode>> rows = new ArrayList<>();
    String content = utf8(file);
    if (content.startsWith("\uFEFF")) {
      // Spreadsheets often save CSV with a byte-order mark, which would stick to the first header.
      content = content.substring(1);
    }
    try (MappingIterator<String[]> it = csv.readerFor(String[].class).readValues(content)) {
      if (!it.hasNext()) {
        return rows;
      }
      String[] header = it.next();
      String headerRow = file.getFileName() + " header (row 1)";
      Map<String, Integer> columnAt = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        header[i] = header[i].trim();
        // A column is checked once here rather than on every row: a 2 000-row file with one
        // misspelt column gets one message, not 2 000.
        if (!COLUMNS.contains(header[i])) {
          problems.add(
              new ConfigProblem(
                  header[i],
                  "unknown column '"
                      + header[i]
                      + "' (column "
                      + (i + 1)
                      + "); known: "
                      + String.join(", ", COLUMNS),
                  headerRow));
        }
        Integer before = columnAt.putIfAbsent(header[i], i + 1);
        if (before != null) {
          // Which of two same-named columns holds the value is anyone's guess; refuse both.
          problems.add(
              new ConfigProblem(
                  header[i],
                  "column '"
                      + header[i]
                      + "' appears twice (columns "
                      + before
                      + " and "
                      + (i + 1)
                      + "); keep one",
                  headerRow));
        }
      }
      ObjectMapper json = new ObjectMapper();
      int rowNumber = 1;
      while (it.hasNext()) {
        String[] cells = it.next();
        rowNumber++;
        if (cells.length == 0 || (cells.length == 1 && cells[0].isBlank())) {
          rows.add(Map.of(BLANK_ROW, json.nullNode()));
          continue;
        }
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          if (COLUMNS.contains(header[i])) {
            m.putIfAbsent(
                header[i], json.getNodeFactory().textNode(i < cells.length ? cells[i] : ""));
          }
        }
        if (cells.length > header.length) {
          problems.add(
              new ConfigProblem(
                  "row",
                  "has "
                      + cells.length
                      + " cells but the header has "
                      + header.length
                      + " columns; put a value that contains a comma in double quotes",
                  file.getFileName() + " row " + rowNumber));
        }
        rows.add(m);
      }
    }
    return rows;
  }

  /**
   * The roles asked for, or null when roles are not managed for this user: no roles column or key,
   * an empty CSV cell or an empty YAML value, as for every other field. Only an explicit empty YAML
   * list ({@code roles: []}) means "no roles", so a blank cell never strips a user's roles.
   */
  /**
   * The file as UTF-8 text. Excel's plain "CSV" saves in the Windows code page, where a name such
   * as José is not valid UTF-8; that gets a message saying how to save the file, not a decoder's.
   */
  private static String utf8(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      int line = 1;
      int bad = firstInvalidUtf8(bytes);
      for (int i = 0; i < bad; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new ConfigurationException(
          "FILE",
          file
              + " is not UTF-8 text (line "
              + line
              + " has a byte that is not UTF-8, e.g. an accented letter saved in a Windows code"
              + " page); save it as UTF-8 (Excel: 'CSV UTF-8 (Comma delimited)')");
    }
  }

  private static int firstInvalidUtf8(byte[] bytes) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    decoder.decode(in, out, true);
    return in.position();
  }

  private static List<String> roles(JsonNode v, String where, List<ConfigProblem> problems) {
    if (v == null || v.isNull() || (v.isValueNode() && v.asText().isBlank())) {
      return null;
    }
    List<String> roles = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode r : v) {
        if (!r.isValueNode()) {
          problems.add(
              new ConfigProblem("roles", "each role must be a role name, got " + r, where));
        } else {
          addRole(roles, r.asText());
        }
      }
    } else if (v.isObject()) {
      problems.add(
          new ConfigProblem(
              "roles", "roles must be a list of role names (or 'A; B'), not a map", where));
    } else {
      for (String r : v.asText().split(";")) {
        addRole(roles, r);
      }
    }
    return roles;
  }

  private static void addRole(List<String> roles, String r) {
    String t = r.trim();
    if (!t.isEmpty() && !roles.contains(t)) {
      roles.add(t);
    }
  }

  /** A cycle among the file's own managers can never be created: every member waits on another. */
  private static void cycleProblems(List<DesiredUser> users, List<ConfigProblem> problems) {
    Function<DesiredUser, String> manager =
        u -> u.manager() == null ? null : u.manager().toLowerCase(Locale.ROOT);
    for (List<DesiredUser> cycle :
        ReportingCycles.find(users, u -> u.userName().toLowerCase(Locale.ROOT), manager)) {
      List<String> names = cycle.stream().map(DesiredUser::userName).toList();
      problems.add(
          new ConfigProblem(
              "manager",
              "reporting cycle in the file: "
                  + String.join(" -> ", names)
                  + " -> "
                  + names.get(0)
                  + "; Sugar refuses reporting loops, so change one of these managers",
              cycle.get(0).where()));
    }
  }

  private static String text(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    String s = v.asText().trim();
    return s.isEmpty() ? null : s;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
