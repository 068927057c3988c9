package io.sugarbridge.identity.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.identity.directory.SugarUser;
import io.sugarbridge.identity.directory.UserList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The planner's comparison of a file with users held in memory; no roles are managed, so Sugar is
 * not asked anything.
 */
class ProvisioningPlannerTest {
  private static SugarUser user(String id, String name, String reportsTo, boolean deleted) {
    return new SugarUser(
        id, name, null, name, null, null, null, "Active", false, reportsTo, null, deleted,
        Map.of());
  }

  private static DesiredUser desired(String name, String manager) {
    return new DesiredUser(name, null, null, null, null, null, manager, "Active", null, name);
  }

  private static ProvisioningPlan plan(List<DesiredUser> file, List<SugarUser> sugar) {
    return new ProvisioningPlanner(null)
        .plan(
            new DesiredUsers(file, null, "people.csv"),
            new UserList(sugar, List.of()),
            false,
            List.of(),
            "admin");
  }

  @Test
  void aManagerIdOfADeletedUserWhoseNameWasReusedIsChanged() {
    // Bob left and was deleted; a new bob was created later. Ann still points at the old record.
    List<SugarUser> sugar =
        List.of(
            user("old-bob", "bob", null, true),
            user("new-bob", "bob", null, false),
            user("ann", "ann", "old-bob", false));

    ProvisioningPlan p = plan(List.of(desired("ann", "bob"), desired("bob", null)), sugar);

    UserChange ann = p.changes().stream().filter(c -> c.userName().equals("ann")).findFirst().get();
    assertThat(ann.kind()).isEqualTo(UserChange.Kind.UPDATE);
    assertThat(ann.fields())
        .containsExactly(new UserChange.FieldChange("manager", "bob (deleted)", "bob"));
  }

  @Test
  void aManagerAlreadySetIsUnchangedWhateverTheCaseOfTheName() {
    List<SugarUser> sugar = List.of(user("b", "bob", null, false), user("a", "ann", "b", false));

    ProvisioningPlan p = plan(List.of(desired("ann", "BOB"), desired("bob", null)), sugar);

    assertThat(p.changes()).allMatch(c -> c.kind() == UserChange.Kind.UNCHANGED);
  }
}
