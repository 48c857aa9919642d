package io.tracecheck.aws;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The JDK's default trust manager (the same trust store, javax.net.ssl.trustStore honoured), made
 * only at the first TLS handshake. The SDK's HTTP client builds its TLS context when it is built,
 * and the default one parses the whole CA store then (~60 ms): a check against an http:// endpoint
 * (a local backend) never needs it. Every call is the default manager's, so https is verified as before.
 */
final class DeferredTrust extends X509ExtendedTrustManager {
    private volatile X509ExtendedTrustManager delegate;

    static TrustManager[] managers() {
        return new TrustManager[] {new DeferredTrust()};
    }

    private X509ExtendedTrustManager delegate() throws CertificateException {
        X509ExtendedTrustManager made = delegate;
        if (made == null) {
            synchronized (this) {
                if (delegate == null) {
                    delegate = byDefault();
                }
                made = delegate;
            }
        }
        return made;
    }

    private static X509ExtendedTrustManager byDefault() throws CertificateException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return extended;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new CertificateException("no default trust manager: " + e.getMessage(), e);
        }
        throw new CertificateException("no default X.509 trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return delegate().getAcceptedIssuers();
        } catch (CertificateException e) {
            return new X509Certificate[0];
        }
    }
}
