import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import type { Page } from "../shared/pagination.js";

@ObjectType("PageInfo", { simpleResolvers: true, description: "Relay-style pagination state of a connection." })
export class PageInfo {
  @Field({ description: "Whether there are items after this page." })
  hasNextPage!: boolean;

  @Field({ description: "Whether there are items before this page." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of this page's first item; null for an empty page." })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The cursor of this page's last item, to pass as `after`; null for an empty page.",
  })
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
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field({ description: "Where this item is in the list: pass it as `after` to read on from here." })
    cursor!: string;

    @Field(() => item, { description: "The item." })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class Connection implements ConnectionShape<T> {
    constructor(readonly page: Page<T>) {}

    @Field(() => [Edge], { description: "The items of this page, each with its cursor, in the list's order." })
    get edges(): Edge[] {
      return this.page.nodes.map((node) => ({ cursor: this.page.cursorOf(node), node }));
    }

    @Field(() => [item], { description: "The items of this page, for callers that need no cursors." })
    get nodes(): T[] {
      return this.page.nodes;
    }

    @Field(() => PageInfo, { description: "Whether there are more pages, and the cursors to reach them." })
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
