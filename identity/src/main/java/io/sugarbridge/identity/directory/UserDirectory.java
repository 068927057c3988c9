package io.sugarbridge.identity.directory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.common.error.ConfigurationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads every Sugar user through the client's paging iterator ({@code max_num} up to 1000 per page,
 * following {@code next_offset} until -1), soft-deleted users included so that a manager who was
 * deleted can be told apart from one who never existed.
 */
public final class UserDirectory {
  /** The largest page sugarbridge asks for; SugarCloud may cap lists at 1000. */
  public static final int MAX_PAGE_SIZE = 1000;

  /** The fields every identity job needs. */
  public static final List<String> BASE_FIELDS =
      List.of(
          "id",
          "user_name",
          "first_name",
          "last_name",
          "email",
          "title",
          "department",
          "status",
          "is_admin",
          "reports_to_id",
          "date_modified",
          "deleted");

  private final SugarClient client;
  private final int pageSize;

  public UserDirectory(SugarClient client) {
    this(client, MAX_PAGE_SIZE);
  }

  public UserDirectory(SugarClient client, int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("page size must be 1 to 1000, got " + pageSize);
    }
    this.client = client;
    this.pageSize = pageSize;
  }

  /** Every user, live and soft-deleted, with the base fields and {@code extraFields}. */
  public UserList readAll(List<String> extraFields) {
    checkFields(extraFields);
    Set<String> fields = new LinkedHashSet<>(BASE_FIELDS);
    fields.addAll(extraFields);
    RecordQuery query =
        RecordQuery.all()
            .withFields(List.copyOf(fields))
            .orderBy("user_name:ASC")
            .withPageSize(pageSize)
            .includingDeleted();
    List<SugarUser> users = new ArrayList<>();
    Iterator<ObjectNode> it = client.records().iterate("Users", query);
    while (it.hasNext()) {
      users.add(SugarUser.from(it.next(), extraFields));
    }
    return new UserList(users, extraFields);
  }

  /**
   * Sugar answers a field it does not know with nothing at all, so a misspelt {@code --fields} name
   * would print as an empty column that looks like missing data; it is refused, naming the field.
   */
  private void checkFields(List<String> extraFields) {
    if (extraFields.isEmpty()) {
      return;
    }
    Set<String> known = client.metadata().fields("Users").keySet();
    List<ConfigProblem> problems = new ArrayList<>();
    for (String f : extraFields) {
      if (!known.contains(f)) {
        problems.add(
            new ConfigProblem(
                "--fields",
                "Users has no field '"
                    + f
                    + "' (names are case-sensitive; custom fields end in _c, as in Studio)",
                null));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems);
    }
  }
}
