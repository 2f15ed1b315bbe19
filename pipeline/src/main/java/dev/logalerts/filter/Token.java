package dev.logalerts.filter;

import java.util.List;

/** One lexical token of filter text; positions are 0-based offsets (reported 1-based). */
final class Token {
  enum Type {
    LPAREN,
    RPAREN,
    COMMA,
    /** A leading '-' (NOT, or the sign of a negative number in value position). */
    MINUS,
    /** A comparison operator; {@link #op} says which. */
    OP,
    /** A word, a quoted string, or a dotted path whose segments may be quoted. */
    TERM,
    EOF
  }

  final Type type;
  final int start;
  final int end;
  final Op op;

  /** The source text of the token. */
  final String raw;

  /**
   * For a TERM that is one quoted string: the decoded string; for an unquoted one: {@link #raw}
   * with its backslash escapes ({@code a\:b}) decoded.
   */
  final String text;

  /**
   * {@link #text} as a regular expression reads it: a quoted string keeps its escaped special
   * characters ({@code "1\.5"} is a literal dot); an unquoted word is {@link #raw}.
   */
  final String regexText;

  /** True when the TERM is exactly one double-quoted string. */
  final boolean quoted;

  /** Path segments (dot-separated, quoted segments decoded); empty ones are kept for errors. */
  final List<String> segments;

  /** 0-based start offset of each segment. */
  final List<Integer> segmentStarts;

  Token(
      Type type,
      int start,
      int end,
      Op op,
      String raw,
      String text,
      boolean quoted,
      List<String> segments,
      List<Integer> segmentStarts) {
    this(type, start, end, op, raw, text, quoted ? text : raw, quoted, segments, segmentStarts);
  }

  Token(
      Type type,
      int start,
      int end,
      Op op,
      String raw,
      String text,
      String regexText,
      boolean quoted,
      List<String> segments,
      List<Integer> segmentStarts) {
    this.type = type;
    this.regexText = regexText;
    this.start = start;
    this.end = end;
    this.op = op;
    this.raw = raw;
    this.text = text;
    this.quoted = quoted;
    this.segments = segments;
    this.segmentStarts = segmentStarts;
  }

  static Token simple(Type type, int start, int end, String raw) {
    return new Token(type, start, end, null, raw, raw, false, List.of(), List.of());
  }

  /** 1-based position for error messages. */
  int position() {
    return start + 1;
  }

  /** True for an unquoted TERM written with backslash escapes ({@code wal\"rus}). */
  boolean escaped() {
    return type == Type.TERM && !quoted && !text.equals(raw);
  }

  boolean isKeyword(String kw) {
    return type == Type.TERM && !quoted && raw.equals(kw);
  }

  boolean isKeyword() {
    return isKeyword("AND") || isKeyword("OR") || isKeyword("NOT");
  }

  /** How the token reads in an error message. */
  String describe() {
    switch (type) {
      case EOF:
        return "end of filter";
      case OP:
        return "'" + op.symbol() + "'";
      default:
        return "'" + (raw.length() > 40 ? raw.substring(0, 40) + "..." : raw) + "'";
    }
  }
}
