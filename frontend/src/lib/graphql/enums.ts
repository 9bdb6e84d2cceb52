/**
 * The schema's enums as lists, for pickers and filters. The enum types themselves are generated
 * (`generated/graphql.ts`); `enumValues` ties each list to its type.
 */

/**
 * The values of a schema enum, in the order a picker shows them. `tsc` fails when a value is not
 * one of the enum's or one of the enum's is missing, so the list follows the generated type.
 */
export function enumValues<Enum extends string>() {
  return <const Values extends readonly Enum[]>(
    values: Values & ([Exclude<Enum, Values[number]>] extends [never] ? unknown : { missing: Exclude<Enum, Values[number]> }),
  ): Values => values;
}
