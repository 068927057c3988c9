package io.sugarbridge.sync.spec;

import java.util.List;
import java.util.Map;

/**
 * What sugarbridge knows about the seven sync modules without asking Sugar: the fields a module
 * needs before a row may be sent (Contacts and Leads need {@code last_name}, the others {@code
 * name}), and the default destination fields used when a sync file has no {@code mappings}, each
 * filled from the source column of the same name when there is one.
 */
public final class ModuleDefaults {
  /** The modules a sync may target, as Sugar spells them, in the order {@code check} lists them. */
  public static final List<String> MODULES =
      List.of("Contacts", "Leads", "Accounts", "Opportunities", "Cases", "Notes", "Tasks");

  private static final Map<String, List<String>> REQUIRED =
      Map.of(
          "Contacts", List.of("last_name"),
          "Leads", List.of("last_name"),
          "Accounts", List.of("name"),
          "Opportunities", List.of("name"),
          "Cases", List.of("name"),
          "Notes", List.of("name"),
          "Tasks", List.of("name"));

  private static final Map<String, List<String>> DEFAULT_FIELDS =
      Map.of(
          "Contacts",
          List.of(
              "salutation",
              "first_name",
              "last_name",
              "email",
              "title",
              "department",
              "phone_work",
              "phone_mobile",
              "primary_address_street",
              "primary_address_city",
              "primary_address_state",
              "primary_address_postalcode",
              "primary_address_country",
              "lead_source",
              "birthdate",
              "description"),
          "Leads",
          List.of(
              "salutation",
              "first_name",
              "last_name",
              "email",
              "title",
              "account_name",
              "phone_work",
              "phone_mobile",
              "status",
              "lead_source",
              "website",
              "primary_address_city",
              "primary_address_country",
              "description"),
          "Accounts",
          List.of(
              "name",
              "email",
              "account_type",
              "industry",
              "website",
              "phone_office",
              "billing_address_street",
              "billing_address_city",
              "billing_address_state",
              "billing_address_postalcode",
              "billing_address_country",
              "annual_revenue",
              "employees",
              "description"),
          "Opportunities",
          List.of(
              "name",
              "amount",
              "date_closed",
              "sales_stage",
              "probability",
              "opportunity_type",
              "lead_source",
              "next_step",
              "description"),
          "Cases",
          List.of("name", "type", "status", "priority", "source", "resolution", "description"),
          "Notes",
          List.of("name", "description"),
          "Tasks",
          List.of("name", "status", "priority", "date_start", "date_due", "description"));

  private ModuleDefaults() {}

  /** Fields a row of this module must have a value for; empty for an unknown module. */
  public static List<String> requiredFields(String module) {
    return REQUIRED.getOrDefault(module, List.of());
  }

  /** The default destination fields of a module, in the order they are seeded. */
  public static List<String> defaultFields(String module) {
    return DEFAULT_FIELDS.getOrDefault(module, List.of());
  }
}
