package io.fapiao.issuer.document;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * ofdrw as published, with the BouncyCastle (1.68) and PDFBox (2.0) it was built for, in a class
 * loader of its own (the jars that Maven copies to {@code target/ofdrw-reference}, see the pom):
 * its e-seal verifier and its page renderer. Neither runs on the service's class path: ofdrw-gm's
 * SES parsers call BouncyCastle methods removed in 1.71 ({@code DERIA5String.getInstance} and
 * four more), and ImageMaker needs PDFBox 2. So the OFDs the service writes (with BouncyCastle
 * 1.86) are checked here by ofdrw's own code, unchanged, as an outside verifier would check them.
 *
 * <pre>{@code
 * try (OfdrwReference ofdrw = new OfdrwReference()) {
 *     ofdrw.validate(ofdBytes);                    // throws when the seal or a protected file is wrong
 *     BufferedImage page = ofdrw.page(ofdBytes, 0);
 * }
 * }</pre>
 */
final class OfdrwReference implements AutoCloseable {
    private static final Path JARS = Path.of("target/ofdrw-reference");

    private final URLClassLoader loader;

    OfdrwReference() throws IOException {
        List<Path> jars;
        try (Stream<Path> list = Files.list(JARS)) {
            jars = list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException(JARS + " holds no jars: run the tests through Maven "
                    + "(generate-test-resources copies ofdrw there)");
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    /** ofdrw's OFDValidator with its SES v4 container over {@code ofd}; throws what it throws. */
    void validate(byte[] ofd) throws Exception {
        withReader(ofd, reader -> {
            Class<?> validatorClass = type("org.ofdrw.sign.verify.OFDValidator");
            Object validator = validatorClass.getConstructor(reader.getClass()).newInstance(reader);
            Object container = type("org.ofdrw.sign.verify.container.SESV4ValidateContainer")
                    .getConstructor()
                    .newInstance();
            validatorClass
                    .getMethod("setValidator", type("org.ofdrw.sign.verify.SignedDataValidateContainer"))
                    .invoke(validator, container);
            validatorClass.getMethod("exeValidate").invoke(validator);
            return null;
        });
    }

    /** Page {@code index} (from 0) drawn by ofdrw's ImageMaker at 5 pixels per millimetre. */
    BufferedImage page(byte[] ofd, int index) throws Exception {
        return withReader(ofd, reader -> {
            Class<?> makerClass = type("org.ofdrw.converter.ImageMaker");
            Object maker =
                    makerClass.getConstructor(reader.getClass(), int.class).newInstance(reader, 5);
            return (BufferedImage) makerClass.getMethod("makePage", int.class).invoke(maker, index);
        });
    }

    private interface WithReader<T> {
        T apply(Object reader) throws ReflectiveOperationException;
    }

    private <T> T withReader(byte[] ofd, WithReader<T> action) throws Exception {
        Path file = Files.createTempFile("fapiao-ofdrw-", ".ofd");
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        // dom4j finds its factory through the context class loader: it must be ofdrw's own.
        thread.setContextClassLoader(loader);
        try {
            Files.write(file, ofd);
            Class<?> readerClass = type("org.ofdrw.reader.OFDReader");
            Object reader = readerClass.getConstructor(Path.class).newInstance(file);
            try {
                return action.apply(reader);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } finally {
                readerClass.getMethod("close").invoke(reader);
            }
        } finally {
            thread.setContextClassLoader(context);
            Files.deleteIfExists(file);
        }
    }

    private Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName(name, true, loader);
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
