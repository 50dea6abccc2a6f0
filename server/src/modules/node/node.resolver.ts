import { Arg, Authorized, Ctx, ID, Query, Resolver } from "type-graphql";
import { Node } from "../../graphql/node.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../../shared/role.js";
import { findNodes, MAX_NODES } from "./node.service.js";

@Resolver()
export class NodeResolver {
  @Authorized(Role.VIEWER)
  @Query(() => Node, {
    nullable: true,
    description:
      "Any object by its id (a user, group email, service, API key, collaborator, access token, leaver case, SCIM client or webhook endpoint); null when there is none you may see.",
  })
  async node(
    @Arg("id", () => ID, { description: "Any object's id, as every other field returns it." }) id: string,
    @Ctx() ctx: RequestContext,
  ) {
    const [node] = await findNodes(ctx, [id], "id");
    return node ?? null;
  }

  @Authorized(Role.VIEWER)
  @Query(() => [Node], {
    nullable: "items",
    description: `Objects by their ids, in the order asked, null where \`node\` would answer null. At most ${MAX_NODES} ids (else OUT_OF_RANGE).`,
  })
  nodes(
    @Arg("ids", () => [ID], { description: `Up to ${MAX_NODES} ids of any types; the answer keeps their order.` })
    ids: string[],
    @Ctx() ctx: RequestContext,
  ) {
    return findNodes(ctx, ids);
  }
}
