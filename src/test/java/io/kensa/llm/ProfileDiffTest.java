package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileDiffTest {

    @Test
    void anEditedSentenceShowsAsOneRemovedAndOneAddedLine() throws Exception {
        ProfileDocument v1 = Demo.profile().document();
        PromptProfile p = v1.profile();
        String nd = p.normalDescription().replace("evenly dark", "evenly dark, never shiny");
        ProfileDocument v2 = new ProfileDocument(new PromptProfile(p.name(), 2, nd, p.anomalyClasses(),
                p.classificationStrategy(), p.referenceImages()), v1.offline());

        List<ProfileDiff.Line> diff = ProfileDiff.diff(v1, v2);
        List<ProfileDiff.Line> changed = diff.stream().filter(l -> l.change() != ProfileDiff.Change.SAME).toList();
        assertEquals(2, changed.size(), ProfileDiff.unified(v1, v2));
        assertEquals(ProfileDiff.Change.REMOVED, changed.get(0).change());
        assertTrue(changed.get(0).text().endsWith("evenly dark."));
        assertEquals(ProfileDiff.Change.ADDED, changed.get(1).change());
        assertTrue(changed.get(1).text().endsWith("never shiny."));
        assertEquals(ProfileDiff.lines(v1).size() + 1, diff.size());
        assertTrue(ProfileDiff.unified(v1, v2).contains("\n+ "));
    }

    @Test
    void identicalProfilesHaveNoChanges() throws Exception {
        ProfileDocument v1 = Demo.profile().document();
        assertTrue(ProfileDiff.diff(v1, v1).stream().allMatch(l -> l.change() == ProfileDiff.Change.SAME));
    }
}
