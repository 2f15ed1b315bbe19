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

  UnsupportedJsonParser() {
    super(0);
  }

  @Override
  protected void _handleEOF() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public JsonStreamContext getParsingContext() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public void overrideCurrentName(String name) {
    throw FastJsonParser.BAIL;
  }

  @Override
  public byte[] getBinaryValue(Base64Variant variant) {
    throw FastJsonParser.BAIL;
  }

  @Override
  public ObjectCodec getCodec() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public void setCodec(ObjectCodec codec) {
    throw FastJsonParser.BAIL;
  }

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public JsonLocation getCurrentLocation() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public JsonLocation getTokenLocation() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public Number getNumberValue() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public NumberType getNumberType() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public int getIntValue() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public long getLongValue() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public BigInteger getBigIntegerValue() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public float getFloatValue() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public double getDoubleValue() {
    throw FastJsonParser.BAIL;
  }

  @Override
  public BigDecimal getDecimalValue() {
    throw FastJsonParser.BAIL;
  }
}
