package io.sugarbridge.sync.write;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncKeyStampTest {
  @Test
  void aShortStampIsTheNamespaceAndTheKey() {
    assertThat(SyncKeyStamp.of(SyncKeyStamp.namespace("contacts", "0a1b2c3d"), "42"))
        .isEqualTo("contacts.0a1b2c3d:42");
  }

  @Test
  void aLongStampFitsAndStillTellsSyncsWithTheSameNameApart() {
    String name = "contacts-from-the-crm-model-in-the-warehouse-nightly";
    String key = "k".repeat(120);
    String a = SyncKeyStamp.of(SyncKeyStamp.namespace(name, "0a1b2c3d"), key);
    String b = SyncKeyStamp.of(SyncKeyStamp.namespace(name, "99aa88bb"), key);
    assertThat(a).hasSizeLessThanOrEqualTo(100).contains("0a1b2c3d:");
    assertThat(b).hasSizeLessThanOrEqualTo(100).contains("99aa88bb:");
    assertThat(a).isNotEqualTo(b);
    assertThat(SyncKeyStamp.of(SyncKeyStamp.namespace(name, "0a1b2c3d"), key + "x"))
        .isNotEqualTo(a);
  }
}
