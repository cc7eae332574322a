/** What a WXR export holds, one record at a time, as the parser streams it. */

export interface WxrSite {
  kind: 'site';
  wxrVersion: string;
  title: string;
  link: string;
  baseSiteUrl: string;
  baseBlogUrl: string;
}

export interface WxrAuthor {
  kind: 'author';
  id: string;
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

export interface WxrCategory {
  kind: 'category';
  termId: string;
  nicename: string;
  parent: string;
  name: string;
  description: string;
}

export interface WxrTag {
  kind: 'tag';
  termId: string;
  slug: string;
  name: string;
  description: string;
}

/** Any other term (nav_menu, post_format, custom taxonomies). */
export interface WxrTerm {
  kind: 'term';
  termId: string;
  taxonomy: string;
  slug: string;
  parent: string;
  name: string;
}

export interface WxrItemTerm {
  /** `category`, `post_tag`, or another taxonomy; '' when the export gave none (WXR 1.0). */
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrItem {
  kind: 'item';
  /** Where the item starts in the file, for reports. */
  line: number;
  title: string;
  link: string;
  pubDate: string;
  creator: string;
  guid: string;
  description: string;
  content: string;
  excerpt: string;
  postId: string;
  postDate: string;
  postDateGmt: string;
  postModified: string;
  postModifiedGmt: string;
  postName: string;
  status: string;
  postParent: string;
  menuOrder: string;
  postType: string;
  postPassword: string;
  isSticky: string;
  attachmentUrl: string;
  terms: WxrItemTerm[];
  meta: Record<string, string>;
  commentCount: number;
}

export type WxrRecord = WxrSite | WxrAuthor | WxrCategory | WxrTag | WxrTerm | WxrItem;
