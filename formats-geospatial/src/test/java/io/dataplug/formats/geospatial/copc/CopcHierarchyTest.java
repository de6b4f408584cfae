package io.dataplug.formats.geospatial.copc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dataplug.formats.geospatial.las.Bounds3d;
import io.dataplug.formats.geospatial.las.Fixtures;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.formats.geospatial.las.LazChunk;
import io.dataplug.formats.geospatial.las.LazChunkTable;
import io.dataplug.formats.geospatial.las.PointBatch;
import io.dataplug.formats.geospatial.las.PointColumn;
import io.dataplug.formats.geospatial.las.PointOracle;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.RangeReader;
import io.dataplug.testing.BytesReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class CopcHierarchyTest {
  private static final String COLOR = "copc/1.2-with-color.copc.laz";
  private static final String LONE_STAR = "copc/lone-star.copc.laz";

  @Test
  void infoVlrIsParsed() throws Exception {
    CopcInfo color = open(COLOR).info();
    assertThat(color.center().x()).isEqualTo(637937.715, within(1e-6));
    assertThat(color.center().y()).isEqualTo(851217.565, within(1e-6));
    assertThat(color.center().z()).isEqualTo(2724.455, within(1e-6));
    assertThat(color.halfsize()).isEqualTo(2317.865, within(1e-6));
    assertThat(color.spacing()).isEqualTo(36.21664, within(1e-5));
    assertThat(color.gpsTimeMin()).isEqualTo(245370.417, within(1e-3));
    assertThat(color.gpsTimeMax()).isEqualTo(249783.162, within(1e-3));
    assertThat(color.payloadOffset()).isEqualTo(429);
    CopcInfo lone = open(LONE_STAR).info();
    assertThat(lone.center().x()).isEqualTo(515388.982125, within(1e-9));
    assertThat(lone.halfsize()).isEqualTo(20.379875, within(1e-9));
    assertThat(lone.spacing()).isEqualTo(0.318436, within(1e-6));
    assertThat(lone.gpsTimeMin()).isZero();
  }

  /** GROUND_TRUTH.md, COPC table (copc.js + laz-perf). */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "copc/1.2-with-color.copc.laz; 1; 65; 0:1 1:4 2:12 3:48; 3; 1065; 31604; 2080;"
            + " 635619.85 848899.7 406.59 640255.58 853535.43 5042.32; 36.2166",
        "copc/lone-star.copc.laz; 1; 15; 0:1 1:4 2:10; 2; 518862; 2704713; 480;"
            + " 515368.602 4918340.364 2322.896 515409.362 4918381.124 2363.656; 0.3184"
      })
  void hierarchyEqualsGroundTruth(
      String file,
      int pages,
      int nodes,
      String perDepth,
      int maxDepth,
      long points,
      long rootOffset,
      long rootSize,
      String cube,
      double spacing)
      throws Exception {
    try (RangeReader reader = Fixtures.reader(file)) {
      CopcHierarchy hierarchy = CopcHierarchy.open(reader, LasHeader.read(reader));
      assertThat(hierarchy.loadedPageCount()).isZero();
      CopcInfo info = hierarchy.info();
      assertThat(info.rootHierarchyOffset()).isEqualTo(rootOffset);
      assertThat(info.rootHierarchySize()).isEqualTo(rootSize);
      List<CopcNode> all = hierarchy.nodes();
      assertThat(hierarchy.loadedPageCount()).isEqualTo(pages);
      assertThat(all).hasSize(nodes);
      assertThat(all).allMatch(n -> n.pointCount() > 0);
      Map<Integer, Long> depths =
          all.stream()
              .collect(
                  Collectors.groupingBy(n -> n.key().depth(), TreeMap::new, Collectors.counting()));
      assertThat(depths.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()))
          .containsExactly(perDepth.split(" "));
      assertThat(all.stream().mapToInt(n -> n.key().depth()).max().orElseThrow())
          .isEqualTo(maxDepth);
      assertThat(all.stream().mapToLong(CopcNode::pointCount).sum()).isEqualTo(points);
      Bounds3d c = info.cube();
      double[] expected =
          Arrays.stream(cube.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
      assertThat(new double[] {c.minX(), c.minY(), c.minZ(), c.maxX(), c.maxY(), c.maxZ()})
          .containsExactly(expected, within(5e-3));
      assertThat(info.spacing()).isEqualTo(spacing, within(5e-5));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {COLOR, LONE_STAR})
  void everyNodeDecodedFromItsEntryEqualsLaszip4j(String file) throws Exception {
    try (RangeReader reader = Fixtures.reader(file)) {
      LasHeader h = LasHeader.read(reader);
      CopcHierarchy hierarchy = CopcHierarchy.open(reader, h);
      Map<Long, LazChunk> chunks =
          LazChunkTable.read(reader, h).chunks().stream()
              .collect(Collectors.toMap(LazChunk::offset, c -> c));
      PointOracle oracle =
          PointOracle.read(Fixtures.path(file), (int) h.pointCount(), h.pointFormat(), 0);
      long compared = 0;
      List<CopcNode> nodes = hierarchy.nodes();
      for (CopcNode node : nodes) {
        LazChunk chunk = chunks.get(node.offset());
        assertThat(chunk).as("chunk of node %s", node.key()).isNotNull();
        assertThat(chunk.byteLength()).isEqualTo(node.byteSize());
        assertThat(chunk.pointCount()).isEqualTo(node.pointCount());
        PointBatch points = hierarchy.readNode(node, PointColumn.all());
        oracle.assertMatches(points, h, (int) chunk.firstPoint(), file + " node " + node.key());
        Bounds3d cube = node.bounds(hierarchy.info());
        Bounds3d loose =
            new Bounds3d(
                cube.minX() - 1e-9,
                cube.minY() - 1e-9,
                cube.minZ() - 1e-9,
                cube.maxX() + 1e-9,
                cube.maxY() + 1e-9,
                cube.maxZ() + 1e-9);
        for (int i = 0; i < points.size(); i++) {
          assertThat(loose.contains(points.x()[i], points.y()[i], points.z()[i]))
              .as("point %s of node %s in %s", i, node.key(), cube)
              .isTrue();
        }
        compared += points.size();
      }
      assertThat(compared).isEqualTo(h.pointCount());
      System.out.printf(
          "%s: %d nodes decoded from their hierarchy entries, %d points equal laszip4j's%n",
          file, nodes.size(), compared);
    }
  }

  /**
   * 1.2-with-color with its last 20 entries moved to a child page at the end of the file, named by
   * an entry with point count -1 in the (shortened) root page.
   */
  static byte[] twoPages(Consumer<ByteBuffer> editChildPage) throws Exception {
    byte[] original = BytesReader.bytes(Fixtures.path(COLOR));
    int root = 31604;
    int childAt = original.length;
    byte[] data = new byte[original.length + 20 * 32];
    System.arraycopy(original, 0, data, 0, original.length);
    System.arraycopy(original, root + 45 * 32, data, childAt, 20 * 32);
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int pointer = root + 45 * 32;
    // the pointer entry keeps the key of the first moved entry
    b.putLong(pointer + 16, childAt).putInt(pointer + 24, 20 * 32).putInt(pointer + 28, -1);
    b.putLong(429 + 48, 46 * 32); // the root page size in the info VLR
    editChildPage.accept(b.slice(childAt, 20 * 32).order(ByteOrder.LITTLE_ENDIAN));
    return data;
  }

  @Test
  void childPagesLoadLazilyAndOnce() throws Exception {
    BytesReader reader = BytesReader.of("two-pages.copc.laz", twoPages(page -> {}));
    CopcHierarchy hierarchy = CopcHierarchy.open(reader, LasHeader.read(reader));
    CopcPage root = hierarchy.rootPage();
    assertThat(root.nodes()).hasSize(45);
    assertThat(root.children()).hasSize(1);
    assertThat(hierarchy.loadedPageCount()).isEqualTo(1);
    int requests = reader.requests();
    CopcPage child = hierarchy.page(root.children().get(0));
    assertThat(child.nodes()).hasSize(20);
    assertThat(hierarchy.page(root.children().get(0))).isSameAs(child);
    assertThat(reader.requests()).isEqualTo(requests + 1);
    List<CopcNode> nodes = hierarchy.nodes();
    assertThat(nodes).hasSize(65);
    assertThat(nodes.stream().mapToLong(CopcNode::pointCount).sum()).isEqualTo(1065);
    assertThat(hierarchy.loadedPageCount()).isEqualTo(2);
  }

  @Test
  void childPagePointingBackToItsParentPage() throws Exception {
    byte[] data = twoPages(page -> page.putLong(16, 31604).putInt(24, 46 * 32).putInt(28, -1));
    BytesReader reader = BytesReader.of("loop.copc.laz", data);
    CopcHierarchy hierarchy = CopcHierarchy.open(reader, LasHeader.read(reader));
    assertThatThrownBy(hierarchy::nodes)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed COPC data in mem://test/loop.copc.laz at byte 33700: hierarchy page of key"
                + " 3-0-6-0 at [31604, 33076) points back to the page at [31604, 33076), already"
                + " visited");
  }

  @Test
  void entryPointingBackToItsOwnPage() throws Exception {
    byte[] data =
        patched(b -> b.putLong(31604 + 16, 31604).putInt(31604 + 24, 2080).putInt(31604 + 28, -1));
    BytesReader reader = BytesReader.of("self.copc.laz", data);
    CopcHierarchy hierarchy = CopcHierarchy.open(reader, LasHeader.read(reader));
    assertThatThrownBy(hierarchy::rootPage)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed COPC data in mem://test/self.copc.laz at byte 31620: hierarchy page of key"
                + " 0-0-0-0 at [31604, 33684) points back to the page at [31604, 33684), already"
                + " visited");
  }

  @Test
  void nodePointingOutsideTheFile() throws Exception {
    byte[] data = patched(b -> b.putLong(31604 + 16, 33684 + 1000));
    BytesReader reader = BytesReader.of("outside.copc.laz", data);
    CopcHierarchy hierarchy = CopcHierarchy.open(reader, LasHeader.read(reader));
    assertThatThrownBy(hierarchy::rootPage)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed COPC data in mem://test/outside.copc.laz at byte 31620: node 0-0-0-0 has its"
                + " chunk at [34684, +665), outside the point data [1717, 33684)");
  }

  @Test
  void childPagePointingOutsideTheFile() throws Exception {
    byte[] data =
        patched(b -> b.putLong(31604 + 16, 40000).putInt(31604 + 24, 64).putInt(31604 + 28, -1));
    BytesReader reader = BytesReader.of("page.copc.laz", data);
    CopcHierarchy hierarchy = CopcHierarchy.open(reader, LasHeader.read(reader));
    assertThatThrownBy(hierarchy::rootPage)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed COPC data in mem://test/page.copc.laz at byte 31620: hierarchy page of key"
                + " 0-0-0-0 at [40000, +64) points outside the object (33684 bytes)");
  }

  @Test
  void rootPagePointingOutsideTheFile() throws Exception {
    byte[] data = patched(b -> b.putLong(429 + 40, 33684));
    BytesReader reader = BytesReader.of("root.copc.laz", data);
    LasHeader h = LasHeader.read(reader);
    assertThatThrownBy(() -> CopcHierarchy.open(reader, h))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed COPC data in mem://test/root.copc.laz at byte 469: the root hierarchy page"
                + " [33684, +2080) points outside the object (33684 bytes)");
  }

  @Test
  void pointCountsThatDisagreeWithTheHeader() throws Exception {
    byte[] data = patched(b -> b.putInt(31604 + 28, b.getInt(31604 + 28) + 1));
    BytesReader reader = BytesReader.of("sum.copc.laz", data);
    CopcHierarchy hierarchy = CopcHierarchy.open(reader, LasHeader.read(reader));
    assertThatThrownBy(hierarchy::nodes)
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed COPC data in mem://test/sum.copc.laz at byte 31604: the hierarchy's nodes"
                + " hold 1066 points, but the header says 1065");
  }

  @Test
  void aLazFileIsNotCopc() throws Exception {
    BytesReader reader =
        BytesReader.of("simple.laz", BytesReader.bytes(Fixtures.path("laz/simple.laz")));
    LasHeader h = LasHeader.read(reader);
    assertThatThrownBy(() -> CopcHierarchy.open(reader, h))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed COPC data in mem://test/simple.laz at byte 227: the first VLR is 'laszip"
                + " encoded'/22204, not the COPC info VLR 'copc'/1");
  }

  static byte[] patched(Consumer<ByteBuffer> edit) throws Exception {
    byte[] data = BytesReader.bytes(Fixtures.path(COLOR));
    edit.accept(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
    return data;
  }

  static CopcHierarchy open(String file) throws Exception {
    try (RangeReader reader = Fixtures.reader(file)) {
      return CopcHierarchy.open(reader, LasHeader.read(reader));
    }
  }
}
