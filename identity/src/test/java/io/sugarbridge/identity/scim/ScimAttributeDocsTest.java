package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/scim.md's attribute tables are what the attribute table generates. Run with {@code
 * -Dsugarbridge.docs.write=true} to rewrite them after changing {@link ScimResourceSchema}.
 */
class ScimAttributeDocsTest {
  private static final Path DOCS = Path.of("..", "docs", "scim.md");
  private static final String REGENERATE =
      "docs/scim.md's SCIM attribute tables differ from ScimResourceSchema; regenerate them with"
          + " `mvn -B -o -pl identity test -Dtest=ScimAttributeDocsTest"
          + " -Dsugarbridge.docs.write=true` and commit docs/scim.md";

  @Test
  void theDocsTablesAreGeneratedFromTheAttributeTable() throws IOException {
    String docs = Files.readString(DOCS, StandardCharsets.UTF_8);
    int begin = docs.indexOf(ScimAttributeDocs.BEGIN);
    int end = docs.indexOf(ScimAttributeDocs.END);
    assertThat(begin)
        .as(
            "docs/scim.md must hold the marker %s before %s",
            ScimAttributeDocs.BEGIN, ScimAttributeDocs.END)
        .isNotNegative()
        .isLessThan(end);
    String committed = docs.substring(begin + ScimAttributeDocs.BEGIN.length(), end);
    String generated = "\n" + ScimAttributeDocs.markdown();
    if (Boolean.getBoolean("sugarbridge.docs.write") && !committed.equals(generated)) {
      Files.writeString(
          DOCS,
          docs.substring(0, begin + ScimAttributeDocs.BEGIN.length())
              + generated
              + docs.substring(end),
          StandardCharsets.UTF_8);
      committed = generated;
    }
    assertThat(committed).as(REGENERATE).isEqualTo(generated);
  }
}
