package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which part of a SCIM filter Sugar is given, and the lookups answered without a scan. */
class ScimFilterTest {
  private static final Map<String, String> FIELDS =
      Map.of("userName", "user_name", "name.familyName", "last_name", "active", "status");

  private static String sugar(String filter) {
    var f = ScimFilter.parse(filter).sugarFilter(FIELDS);
    return f == null ? null : f.toJson().toString();
  }

  @Test
  void translatableComparisonsBecomeSugarFilters() {
    assertThat(sugar("userName eq \"Ada\"")).isEqualTo("[{\"user_name\":{\"$equals\":\"Ada\"}}]");
    assertThat(sugar("userName sw \"a\" and active eq false"))
        .contains("$starts")
        .contains("\"status\":{\"$equals\":\"Inactive\"}");
    assertThat(sugar("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"x\""))
        .contains("user_name");
  }

  @Test
  void anAndKeepsItsTranslatablePartsAndAnOrNeedsAllOfThem() {
    assertThat(sugar("userName co \"a\" and emails co \"@x\""))
        .contains("$contains")
        .doesNotContain("email");
    assertThat(sugar("userName eq \"a\" or emails co \"@x\"")).isNull();
    assertThat(sugar("emails[type eq \"work\"]")).isNull();
    assertThat(sugar(null)).isNull();
  }

  @Test
  void idAndExternalIdLookupsAreRecognised() {
    assertThat(ScimFilter.parse("externalId eq \"e1\"").externalIdEquals()).isEqualTo("e1");
    assertThat(ScimFilter.parse("userName sw \"a\" and id eq \"7\"").idEquals()).isEqualTo("7");
    assertThat(ScimFilter.parse("externalId eq \"e1\" or userName eq \"b\"").externalIdEquals())
        .isNull();
  }

  @Test
  void aMalformedFilterIsInvalidFilter() {
    assertThatThrownBy(() -> ScimFilter.parse("userName eq"))
        .isInstanceOfSatisfying(
            ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidFilter"));
  }
}
