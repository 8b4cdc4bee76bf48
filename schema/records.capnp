@0x894bf5267a45bc58;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("dossier::records");
# The stored records of a dossier database. Every RocksDB value is one of these messages
# (see graph/store.h for which column family holds which). Fields are only ever added, never
# renumbered: a store written by an older build stays readable.

struct Article {
  id @0 :Text;            # 16 hex digits: hash of the canonical URL, else of the normalised text
  url @1 :Text;
  title @2 :Text;
  publisher @3 :Text;
  published @4 :Text;     # ISO date "YYYY-MM-DD"
  publishedFrom @5 :DateSource;
  text @6 :Text;
  ingestedAt @7 :Int64;   # unix seconds
  eventIds @8 :List(Text);  # events this article mentions, for recoding and explain

  enum DateSource {
    given @0;             # --published, a JSON field or a feed
    firstLine @1;         # the first line of a plain-text file
    fileTime @2;          # the file's modification time: a guess, and flagged as one
    polled @3;            # the day a feed item without a date was polled: a guess too
  }
}

struct Entity {
  id @0 :Text;            # stable id: "CHN", "USA.FBI", "NLD.COP", "PER.dickson-yeo"
  name @1 :Text;          # canonical name
  type @2 :Text;          # country, government, intelligence, security, police, military, ...
  country @3 :Text;       # ISO 3166-1 alpha-3, or empty
  sector @4 :Text;        # agent code (COP, MIL, SPY, GOV, ...), or empty
  aliases @5 :List(Text); # surface forms seen in text
  firstSeen @6 :Text;     # ISO date of the earliest event
  lastSeen @7 :Text;
}

struct Event {
  id @0 :Text;            # 16 hex digits: hash of actor, action, target, date
  actorId @1 :Text;
  targetId @2 :Text;
  actionClass @3 :Text;   # accuse, arrest, cyberattack, ...
  code @4 :Text;          # CAMEO code with leading zeros, or empty when none applies
  label @5 :Text;         # CAMEO label, or the class when no code applies
  verb @6 :Text;          # the verb as first seen
  date @7 :Text;          # ISO 8601 truncated to its precision
  precision @8 :Text;     # year, month, week, day, reported
  mentionCount @9 :UInt32;
  sourceCount @10 :UInt32;
  confidence @11 :Float64;
}

struct Mention {
  eventId @0 :Text;
  articleId @1 :Text;
  sentenceIndex @2 :UInt32;
  sentence @3 :Text;      # the evidence sentence
  begin @4 :UInt32;       # byte offsets of the sentence in the article text
  end @5 :UInt32;
  pattern @6 :Text;       # id of the verb pattern that fired
  verb @7 :Text;
  confidence @8 :Float64;
}

struct FeedState {
  # A subscribed feed and what polling it has learnt (column family `feeds`, keyed by url).
  url @0 :Text;
  name @1 :Text;
  tags @2 :List(Text);
  everySeconds @3 :UInt32;    # poll interval
  etag @4 :Text;              # validators of the last 200 response, for conditional GET
  lastModified @5 :Text;
  addedAt @6 :Int64;          # unix seconds, like the times below; 0 = never
  lastPoll @7 :Int64;
  lastSuccess @8 :Int64;
  nextDue @9 :Int64;
  itemsStored @10 :UInt64;
  consecutiveErrors @11 :UInt32;
  lastError @12 :Text;
  title @13 :Text;            # the feed's own title, from its last successful parse
}
