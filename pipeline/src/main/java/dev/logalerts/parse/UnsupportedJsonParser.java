package dev.logalerts.parse;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.base.ParserMinimalBase;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The {@link com.fasterxml.jackson.core.JsonParser} methods the parse package does not call, for
 * {@link FastJsonParser}: each gives up on the fast path ({@link FastJsonParser#BAIL}), so that a
 * new call would send every document to Jackson (tests check that the fast path is taken) rather
 * than give a wrong answer.
 */
abstract class UnsupportedJsonParser extends ParserMinimalBase {

  /**
   * Set when the parser gave up on the document: the caller checks it too, so that a bail-out
   * caught by mistake on the way up cannot pass for a result.
   */
  boolean gaveUp;

  UnsupportedJsonParser() {
    super(0);
  }

  /** Notes that the parser gave up; returns the exception to throw. */
  final RuntimeException bail() {
    gaveUp = true;
    return FastJsonParser.BAIL;
  }

  @Override
  protected void _handleEOF() {
    throw bail();
  }

  @Override
  public JsonStreamContext getParsingContext() {
    throw bail();
  }

  @Override
  public void overrideCurrentName(String name) {
    throw bail();
  }

  @Override
  public byte[] getBinaryValue(Base64Variant variant) {
    throw bail();
  }

  @Override
  public ObjectCodec getCodec() {
    throw bail();
  }

  @Override
  public void setCodec(ObjectCodec codec) {
    throw bail();
  }

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public JsonLocation getCurrentLocation() {
    throw bail();
  }

  @Override
  public JsonLocation getTokenLocation() {
    throw bail();
  }

  @Override
  public Number getNumberValue() {
    throw bail();
  }

  @Override
  public NumberType getNumberType() {
    throw bail();
  }

  @Override
  public int getIntValue() {
    throw bail();
  }

  @Override
  public long getLongValue() {
    throw bail();
  }

  @Override
  public BigInteger getBigIntegerValue() {
    throw bail();
  }

  @Override
  public float getFloatValue() {
    throw bail();
  }

  @Override
  public double getDoubleValue() {
    throw bail();
  }

  @Override
  public BigDecimal getDecimalValue() {
    throw bail();
  }
}
