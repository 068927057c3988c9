package io.sugarbridge.identity.provision;

import io.sugarbridge.common.config.ConfigText;
import io.sugarbridge.common.config.Interpolator;
import io.sugarbridge.common.config.Section;
import io.sugarbridge.common.config.Values;
import io.sugarbridge.common.config.YamlNode;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads a provisioning file of desired users, CSV ({@code .csv}) or YAML ({@code .yaml}/{@code
 * .yml}), and checks it whole: every problem (unknown column or key with "did you mean", missing or
 * repeated user_name, bad status, a list where one value belongs, a reporting cycle among the
 * file's users) is reported at once, naming the CSV row or the YAML {@code file:line}. The settings
 * are declared in {@link DesiredUserSettings}; the checks across users are {@link
 * DesiredUsersChecks}'.
 *
 * <p>CSV: a header row with {@code user_name} and any of {@code first_name, last_name, email,
 * title, department, manager, status, roles}; roles are separated by {@code ;}. YAML: {@code
 * users:} a list of maps with the same keys ({@code roles} a list), and optionally {@code
 * license_type:} a list of subscription keys for creates; YAML values may use {@code ${ENV_VAR}}.
 */
public final class DesiredUsersFile {
  private DesiredUsersFile() {}

  /** Reads {@code file}, with YAML variables from the process environment. */
  public static DesiredUsers read(Path file) {
    return read(file, System::getenv);
  }

  /**
   * Reads {@code file}, with YAML variables looked up in {@code environment} (null for unset).
   *
   * @throws ConfigurationException naming the row or line of every problem of the file
   */
  public static DesiredUsers read(Path file, Function<String, String> environment) {
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean csv = lower.endsWith(".csv");
    if (!csv && !lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
      throw new ConfigurationException(
          "FILE", file + ": the desired users file must end in .csv, .yaml or .yml");
    }
    List<ConfigProblem> problems = new ArrayList<>();
    List<DesiredUsersChecks.Row> rows = new ArrayList<>();
    List<String> license = null;
    try {
      String text = ConfigText.utf8(file, "FILE", " (Excel: 'CSV UTF-8 (Comma delimited)')");
      if (csv) {
        rows = DesiredUsersCsv.rows(text, name, problems);
      } else {
        Values top = readYaml(text, name, new Interpolator(environment), problems);
        if (top != null) {
          for (Values user : top.get(DesiredUserSettings.USERS)) {
            rows.add(new DesiredUsersChecks.Row(user, Section.at(name, user.line())));
          }
          if (top.isSet(DesiredUserSettings.LICENSE_TYPE)) {
            license = top.get(DesiredUserSettings.LICENSE_TYPE);
          }
        }
      }
    } catch (NoSuchFileException e) {
      throw new ConfigurationException("FILE", file + " does not exist");
    } catch (IOException e) {
      throw new ConfigurationException(
          "FILE", file + " cannot be read: " + firstLine(e.getMessage()));
    }
    List<DesiredUser> users = DesiredUsersChecks.users(rows, problems);
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
    return new DesiredUsers(users, license, file.toString());
  }

  /** The top level's values, or null after adding why the file has no users list at all. */
  private static Values readYaml(
      String text, String source, Interpolator env, List<ConfigProblem> problems) {
    YamlNode root;
    try {
      root = YamlNode.parseOrNull(text, source, "FILE");
    } catch (ConfigurationException e) {
      problems.addAll(e.problems());
      return null;
    }
    if (!(root instanceof YamlNode.Mapping top)) {
      problems.add(
          new ConfigProblem(
              DesiredUserSettings.USERS.key(),
              DesiredUserSettings.USERS.missing(),
              Section.at(source, root == null ? null : root.line())));
      return null;
    }
    return DesiredUserSettings.FILE.read(top, "", source, env, problems);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
