package io.tracecheck.aws;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLInputFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JDK's part of an AWS request, made ready without sending anything: the SHA-256 and HMAC
 * providers SigV4 signs with, the SecureRandom behind each request's invocation id, the date formats
 * of its headers, the StAX parser STS and the query protocols answer through, and HttpURLConnection's
 * class (its static initialisation sets up platform logging). A first request otherwise pays for all
 * of these in turn (~30 of its ~60 ms CPU cold). It touches no SDK class, so it runs on its own thread
 * beside the SDK clients' preparation without the two ever initialising the same class of ours or the SDK's.
 */
final class AwsTransport {
    private AwsTransport() {
    }

    static void prepare() {
        try {
            MessageDigest.getInstance("SHA-256").digest(new byte[] {1});
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[] {1}, "HmacSHA256"));
            mac.doFinal(new byte[] {1});
        } catch (GeneralSecurityException unavailable) {
            // the signer will meet and report the same
        }
        java.util.UUID.randomUUID(); // each request's invocation id: the JDK's SecureRandom, seeded once
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.EPOCH);
        try {
            XMLInputFactory factory = XMLInputFactory.newInstance();
            factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
            factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
            XMLEventReader reader = factory.createXMLEventReader(new ByteArrayInputStream(
                    "<a xmlns=\"urn:prepare\"><b>c</b></a>".getBytes(StandardCharsets.UTF_8)));
            while (reader.hasNext()) {
                reader.nextEvent();
            }
            reader.close();
        } catch (javax.xml.stream.XMLStreamException | RuntimeException unavailable) {
            // the SDK's parser will meet and report the same
        }
        try {
            new URL("http://127.0.0.1:9/").openConnection(); // not connected: nothing is sent
        } catch (IOException unavailable) {
            // nothing to prepare then
        }
    }
}
