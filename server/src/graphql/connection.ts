import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import type { Page } from "../shared/pagination.js";

@ObjectType("PageInfo", { simpleResolvers: true, description: "Relay-style pagination state of a connection." })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** The runtime shape every connection class shares, built from a `Page`. */
export interface ConnectionShape<T> {
  readonly edges: { cursor: string; node: T }[];
  readonly nodes: T[];
  readonly pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

/**
 * Declares `<Name>Connection` and `<Name>Edge` object types for an item type. `totalCount` is
 * a method, so its COUNT query runs only when a caller selects it.
 */
export function ConnectionType<T extends object>(name: string, item: ClassType<T> | object) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => item)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class Connection implements ConnectionShape<T> {
    constructor(readonly page: Page<T>) {}

    @Field(() => [Edge])
    get edges(): Edge[] {
      return this.page.nodes.map((node) => ({ cursor: this.page.cursorOf(node), node }));
    }

    @Field(() => [item], { description: "The items of this page, for callers that need no cursors." })
    get nodes(): T[] {
      return this.page.nodes;
    }

    @Field(() => PageInfo)
    get pageInfo(): PageInfo {
      const { nodes, cursorOf } = this.page;
      const first = nodes[0];
      const last = nodes[nodes.length - 1];
      return {
        hasNextPage: this.page.hasNextPage,
        hasPreviousPage: this.page.hasPreviousPage,
        startCursor: first ? cursorOf(first) : null,
        endCursor: last ? cursorOf(last) : null,
      };
    }

    @Field(() => Int, { description: "How many items match, across all pages." })
    totalCount(): Promise<number> {
      return this.page.totalCount();
    }
  }

  return Connection;
}
