/**
 * Turns a mutation payload's `errors { field code message }` into what a form shows:
 * a message beside each field it knows, and the rest above the submit button.
 */
import type { UserError } from "./graphql/types";

export interface FormErrors<Field extends string> {
  /** Messages per known field, in the order the server sent them. */
  fields: Partial<Record<Field, string>>;
  /** Errors about the form as a whole, or about a field this form does not show. */
  form: string[];
}

export function noErrors<Field extends string>(): FormErrors<Field> {
  return { fields: {}, form: [] };
}

/**
 * `knownFields` are the input names the form renders (camelCase, as the API names them).
 * A dotted path such as `input.email` is matched on its last segment.
 */
export function mapUserErrors<Field extends string>(
  errors: readonly UserError[],
  knownFields: readonly Field[],
): FormErrors<Field> {
  const result: FormErrors<Field> = { fields: {}, form: [] };
  const known = new Set<string>(knownFields);
  for (const error of errors) {
    const name = error.field?.split(".").pop() ?? null;
    if (name !== null && known.has(name)) {
      const field = name as Field;
      const previous = result.fields[field];
      result.fields[field] = previous ? `${previous} ${error.message}` : error.message;
    } else if (!result.form.includes(error.message)) {
      result.form.push(error.message);
    }
  }
  return result;
}

export function hasErrors(errors: FormErrors<string>): boolean {
  return errors.form.length > 0 || Object.keys(errors.fields).length > 0;
}

/** The first field with an error, in the form's own order: where focus should go. */
export function firstInvalidField<Field extends string>(
  errors: FormErrors<Field>,
  order: readonly Field[],
): Field | null {
  return order.find((field) => errors.fields[field] !== undefined) ?? null;
}
