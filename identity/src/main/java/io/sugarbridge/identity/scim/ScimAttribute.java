package io.sugarbridge.identity.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SCIM attribute as the bridge declares it (RFC 7643 section 7 characteristics plus where the
 * bridge keeps it): the single description from which /Schemas, the PATCH and filter path checks,
 * the filter's Sugar fields, the user mapping and the attribute table in docs/scim.md are made.
 * Sub-attributes are attributes of their own with {@link #parent} set.
 *
 * @param schema the schema URN the attribute belongs to
 * @param parent the complex attribute this is a sub-attribute of, or null
 * @param name the attribute's name as RFC 7643 spells it
 * @param type string, boolean, complex or reference
 * @param storage where its value lives
 * @param sugarField the Sugar Users (or ACLRoles) field it maps to, or null
 * @param sugarFieldByType for a multi-valued attribute whose values go to one Sugar field per
 *     {@code type} (phoneNumbers), that map; empty otherwise
 * @param maxLength the most characters Sugar's column holds, or null for no limit
 * @param filterField the Sugar field a filter on it is handed to, or null when a filter on it is
 *     only evaluated in memory
 * @param converted whether the mapping converts the value by a rule of its own (see {@link
 *     ScimUserMapping}) rather than copying a string as is
 * @param published whether /Schemas lists it; attributes not listed are still valid names in PATCH
 *     paths and filters, because identity providers send them
 * @param alsoAccepted sub-attribute names valid in paths but not listed in /Schemas
 * @param notes the docs table's notes column
 */
record ScimAttribute(
    String schema,
    String parent,
    String name,
    String type,
    boolean multiValued,
    boolean required,
    boolean caseExact,
    String mutability,
    String returned,
    String uniqueness,
    String description,
    List<String> canonicalValues,
    List<ScimAttribute> subAttributes,
    List<String> alsoAccepted,
    Storage storage,
    String sugarField,
    Map<String, String> sugarFieldByType,
    Integer maxLength,
    String filterField,
    boolean converted,
    boolean published,
    String notes) {

  /** Where an attribute's value lives. */
  enum Storage {
    /** In a Sugar field. */
    SUGAR("Sugar"),
    /** Partly in Sugar, the rest kept by the bridge in its state file (the notes say which). */
    SUGAR_AND_BRIDGE("Sugar and bridge"),
    /** Only in the bridge's state file: Sugar has no field for it. */
    BRIDGE("bridge"),
    /** Set by Sugar or the bridge, never written by a client. */
    SERVER("server"),
    /** Accepted in requests and ignored: neither Sugar nor the bridge keeps it. */
    IGNORED("ignored");

    final String label;

    Storage(String label) {
      this.label = label;
    }
  }

  /** The attribute's path below its schema: {@code name} or {@code parent.name}. */
  String path() {
    return parent == null ? name : parent + "." + name;
  }

  /** The sub-attribute called {@code sub}, or null. */
  ScimAttribute sub(String sub) {
    for (ScimAttribute a : subAttributes) {
      if (a.name.equalsIgnoreCase(sub)) {
        return a;
      }
    }
    return null;
  }

  static Builder of(String name, String type) {
    return new Builder(name, type);
  }

  /** Declares an attribute; everything not said is RFC 7643's default for a plain attribute. */
  static final class Builder {
    private final String name;
    private final String type;
    private boolean multiValued;
    private boolean required;
    private String mutability = "readWrite";
    private String returned = "default";
    private String uniqueness = "none";
    private String description;
    private final List<String> canonicalValues = new ArrayList<>();
    private final List<Builder> subs = new ArrayList<>();
    private final List<String> alsoAccepted = new ArrayList<>();
    private Storage storage = Storage.SUGAR;
    private String sugarField;
    private final Map<String, String> sugarFieldByType = new LinkedHashMap<>();
    private Integer maxLength;
    private String filterField;
    private boolean converted;
    private boolean published = true;
    private String notes = "";

    private Builder(String name, String type) {
      this.name = name;
      this.type = type;
    }

    Builder multiValued() {
      this.multiValued = true;
      return this;
    }

    Builder required() {
      this.required = true;
      return this;
    }

    Builder mutability(String mutability) {
      this.mutability = mutability;
      return this;
    }

    Builder returned(String returned) {
      this.returned = returned;
      return this;
    }

    Builder uniqueness(String uniqueness) {
      this.uniqueness = uniqueness;
      return this;
    }

    Builder description(String description) {
      this.description = description;
      return this;
    }

    Builder canonicalValues(String... values) {
      canonicalValues.addAll(List.of(values));
      return this;
    }

    Builder subAttributes(Builder... subAttributes) {
      subs.addAll(List.of(subAttributes));
      return this;
    }

    Builder alsoAccepted(String... names) {
      alsoAccepted.addAll(List.of(names));
      return this;
    }

    /** Maps to Sugar's {@code field} (where it lives stays as {@link #storage} says). */
    Builder sugar(String field) {
      this.sugarField = field;
      return this;
    }

    Builder storage(Storage storage) {
      this.storage = storage;
      return this;
    }

    /**
     * Kept by the bridge in its state file, with the description /Schemas gives such attributes.
     */
    Builder bridge() {
      this.storage = Storage.BRIDGE;
      this.description = "Kept by the bridge in its state file, not in Sugar (no Sugar field).";
      return this;
    }

    Builder sugarFieldForType(String type, String field) {
      sugarFieldByType.put(type, field);
      return this;
    }

    Builder maxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /** A filter on it is handed to Sugar as one on {@code field}. */
    Builder filter(String field) {
      this.filterField = field;
      return this;
    }

    Builder converted() {
      this.converted = true;
      return this;
    }

    Builder unpublished() {
      this.published = false;
      return this;
    }

    Builder notes(String notes) {
      this.notes = notes;
      return this;
    }

    ScimAttribute build(String schema, String parent) {
      List<ScimAttribute> built = new ArrayList<>();
      for (Builder b : subs) {
        built.add(b.build(schema, name));
      }
      return new ScimAttribute(
          schema,
          parent,
          name,
          type,
          multiValued,
          required,
          false,
          mutability,
          returned,
          uniqueness,
          description,
          List.copyOf(canonicalValues),
          List.copyOf(built),
          List.copyOf(alsoAccepted),
          storage,
          sugarField,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sugarFieldByType)),
          maxLength,
          filterField,
          converted,
          published,
          notes);
    }
  }
}
