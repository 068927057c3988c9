package io.sugarbridge.sandbox.app.module;

/**
 * A link field of a module: a named way from one of its records to related records through a {@link
 * Relationship}.
 *
 * @param name the link field name, e.g. {@code contacts}
 * @param module the module that declares the link
 * @param targetModule the module of the related records
 * @param relationship the relationship the link walks
 * @param leftSide whether the declaring module plays the relationship's left-hand role
 */
public record LinkDef(
    String name, String module, String targetModule, Relationship relationship, boolean leftSide) {

  /** Whether one record of this side relates to at most one record of the other. */
  public boolean single() {
    return !relationship.manyToMany() && !leftSide;
  }
}
