import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { ConnectionType } from "../../graphql/connection.js";
import { PageArgs } from "../../graphql/page.args.js";
import type { RequestContext } from "../../shared/request-context.js";
import { Role } from "../auth/role.js";
import { User } from "../user/user.entity.js";
import { AuditEventFilter } from "./audit.filter.js";
import { listAuditEvents } from "./audit.service.js";
import { AuditEvent } from "./audit-event.type.js";
import { recordedSubjectLabel } from "./audit-events.js";

export const AuditEventConnection = ConnectionType("AuditEvent", AuditEvent);

@Resolver(() => AuditEvent)
export class AuditResolver {
  @Authorized(Role.VIEWER)
  @Query(() => AuditEventConnection, { description: "The audit trail, newest first." })
  async auditEvents(
    @Arg("filter", () => AuditEventFilter, { nullable: true }) filter: AuditEventFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: RequestContext,
  ) {
    return new AuditEventConnection(await listAuditEvents(ctx, filter ?? {}, page));
  }

  @FieldResolver(() => String, {
    description:
      "The subject in words: a key's name and prefix, a holder's email, a service's slug, an access token's name and prefix; what the event recorded when the subject is gone, else its id.",
  })
  async subjectLabel(@Root() event: AuditEvent, @Ctx() ctx: RequestContext): Promise<string> {
    return (await ctx.loaders.subjectLabelById.load(event.subjectId)) ?? recordedSubjectLabel(event);
  }

  @FieldResolver(() => User, { nullable: true, description: "The acting account, when it was a person." })
  async actor(@Root() event: AuditEvent, @Ctx() ctx: RequestContext) {
    return event.actorId ? ctx.loaders.holderById.load(event.actorId) : null;
  }
}
