// A graphql-schema-linter rule (CommonJS, as the linter loads its rules with require): every
// mutation answers with its own `<Mutation>Payload` and takes at most one argument, `input`, of
// its own `<Mutation>Input`. A shared payload or input ties two mutations' evolution together.
const { ValidationError } = require("graphql-schema-linter/lib/validation_error");

const RULE = "mutation-payload-and-input-names";

function namedType(type) {
  return type.kind === "NonNullType" || type.kind === "ListType" ? namedType(type.type) : type;
}

function MutationPayloadAndInputNames(context) {
  return {
    ObjectTypeDefinition(node) {
      if (node.name.value !== "Mutation") return;
      for (const field of node.fields ?? []) {
        const stem = field.name.value[0].toUpperCase() + field.name.value.slice(1);
        const result = field.type.kind === "NonNullType" ? field.type.type : field.type;
        if (result.kind !== "NamedType" || result.name.value !== `${stem}Payload`) {
          context.reportError(
            new ValidationError(RULE, `The mutation \`${field.name.value}\` must return \`${stem}Payload!\`.`, [field]),
          );
        }
        const args = field.arguments ?? [];
        const input = args[0];
        if (
          args.length > 1 ||
          (input && (input.name.value !== "input" || namedType(input.type).name.value !== `${stem}Input`))
        ) {
          context.reportError(
            new ValidationError(
              RULE,
              `The mutation \`${field.name.value}\` must take one argument, \`input: ${stem}Input\`, or none.`,
              [field],
            ),
          );
        }
      }
    },
  };
}

module.exports = { MutationPayloadAndInputNames };
